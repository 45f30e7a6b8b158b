// Runtime validation of the settings (the file, and patches from either transport).
// The operations' inputs are declared with the operation table (operations.ts).
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
  viewerDays: z.number().int().min(0).max(3650).optional(),
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
