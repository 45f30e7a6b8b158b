// Runtime validation of everything that crosses a trust boundary into the core
// (dashboard API queries, settings patches, later IPC payloads).
import { z } from 'zod'

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

export const settingsSchema = z.strictObject({
  thresholds: thresholdsSchema,
  retention: retentionSchema,
})

export const settingsPatchSchema = z.strictObject({
  thresholds: thresholdsSchema.partial().optional(),
  retention: retentionSchema.partial().optional(),
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
