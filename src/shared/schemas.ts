// Runtime validation of the settings (the file, and patches from either transport).
// The operations' inputs are declared with the operation table (operations.ts).
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
