// Zod schemas for the FastPix REST subset (SPEC §6), after the OpenAPI file and the captured
// responses. Lenient where FastPix is: unknown keys are accepted (and dropped), optional
// fields stay optional, `status` is a free string. Types the monitor reads are checked.
import { z } from 'zod'

const count = z.number().int().nonnegative()
const stringMap = z.record(z.string(), z.string())

export const playbackIdSchema = z.object({
  id: z.string().nullable(),
  accessPolicy: z.string(),
})

export const simulcastSchema = z.object({
  simulcastId: z.string().min(1),
  url: z.string().optional(),
  streamKey: z.string().optional(),
  isEnabled: z.boolean(),
  metadata: stringMap.optional(),
})

export const streamSchema = z.object({
  streamId: z.string().min(1),
  streamKey: z.string().optional(),
  srtSecret: z.string().optional(),
  trial: z.boolean().optional(),
  /** `idle | preparing | active | disabled` today; FastPix models it as a free string. */
  status: z.string().min(1),
  maxResolution: z.string().optional(),
  maxDuration: count.optional(),
  createdAt: z.string(),
  reconnectWindow: count.optional(),
  enableRecording: z.boolean().optional(),
  enableDvrMode: z.boolean().optional(),
  mediaPolicy: z.string().optional(),
  metadata: stringMap.optional(),
  lowLatency: z.boolean().optional(),
  closedCaptions: z.boolean().optional(),
  playbackIds: z.array(playbackIdSchema).optional(),
  simulcastResponses: z.array(simulcastSchema).optional(),
  mediaIds: z.array(z.string()).optional(),
  srtPlaybackResponse: z
    .object({ srtPlaybackStreamId: z.string().optional(), srtPlaybackSecret: z.string().optional() })
    .optional(),
})

export const paginationSchema = z.object({
  totalRecords: count,
  currentOffset: count,
  /** Number of pages at the requested limit. */
  offsetCount: count,
})

export const viewerCountSchema = z.object({ views: count })

/** `{ success: true, data }`. */
export const successEnvelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data })

/** Write actions answer only `{ success: true }`. */
export const emptySuccessSchema = z.object({ success: z.literal(true) })

export const streamResponseSchema = successEnvelope(streamSchema)
export const streamListResponseSchema = successEnvelope(z.array(streamSchema)).extend({
  pagination: paginationSchema,
})
export const simulcastResponseSchema = successEnvelope(simulcastSchema)
export const viewerCountResponseSchema = successEnvelope(viewerCountSchema)

export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.number().int().optional(),
    message: z.string().optional(),
    description: z.string().optional(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
})

export type FastPixStream = z.infer<typeof streamSchema>
export type FastPixSimulcast = z.infer<typeof simulcastSchema>
export type FastPixPagination = z.infer<typeof paginationSchema>
export type FastPixErrorBody = z.infer<typeof errorEnvelopeSchema>['error']
