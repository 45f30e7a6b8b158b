// Runtime validation of everything that crosses a trust boundary into the core
// (dashboard API queries, settings patches, later IPC payloads).
import { z } from 'zod'
import { DEFAULT_HOLD, HOLD_BOUNDS } from './hold.ts'

export { DEFAULT_HOLD } from './hold.ts'

const seconds = (min: number, max: number) => z.number().int().min(min).max(max)

export const thresholdsSchema = z.strictObject({
  reconnectWindowSec: seconds(1, 1800),
  staleAfterDeadlineSec: seconds(0, 3600),
  preparingStallSec: seconds(1, 3600),
  simulcastStallSec: seconds(1, 3600),
  flapCount: z.number().int().min(2).max(100),
  flapWindowSec: seconds(10, 86_400),
})

export const retentionSchema = z.strictObject({
  maxAgeDays: z.number().int().min(0).max(3650),
  maxEvents: z.number().int().min(0).max(100_000_000),
})

/** A whole number in [min, max]; anything else is refused with one sentence that says so. */
const wholeNumberOf = (unit: string, min: number, max: number) => {
  const error = `must be a whole number of ${unit} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

/** W10: the caps of the hold of unsigned deliveries (see HoldSettings). */
export const holdSchema = z.strictObject({
  maxMiB: wholeNumberOf('MiB', HOLD_BOUNDS.maxMiB.min, HOLD_BOUNDS.maxMiB.max),
  maxDeliveries: wholeNumberOf('deliveries', HOLD_BOUNDS.maxDeliveries.min, HOLD_BOUNDS.maxDeliveries.max),
})

export const settingsSchema = z.strictObject({
  thresholds: thresholdsSchema,
  retention: retentionSchema,
  // Files saved before the hold was a setting have none: they get the default, nothing else changes.
  hold: holdSchema.default(() => ({ ...DEFAULT_HOLD })),
})

export const settingsPatchSchema = z.strictObject({
  thresholds: thresholdsSchema.partial().optional(),
  retention: retentionSchema.partial().optional(),
  hold: holdSchema.partial().optional(),
})

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))

const epochMs = z.coerce.number().int().min(0)
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

export const eventQuerySchema = z.strictObject({
  streamId: z.string().min(1).max(255).optional(),
  type: csv.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  verification: z.enum(['verified', 'unverified']).optional(),
  duplicate: flag.optional(),
  text: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(64).optional(),
})

export const transitionQuerySchema = z.strictObject({
  streamId: z.string().min(1).max(255).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
})

/** The notification log over HTTP (query-string numbers coerced). */
export const decisionHttpQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  streamId: z.string().min(1).max(255).optional(),
})

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(64).optional(),
})
