// Argument schemas for every invoke channel. The renderer is untrusted: each call's
// argument tuple is parsed before a handler sees it. These mirror the dashboard
// API's query schemas (src/shared/schemas.ts) without their query-string coercions:
// over IPC values arrive typed (structured clone), so a string where a number
// belongs is refused, not converted. Like the browser client, an empty value means
// "not set".
import { z } from 'zod'
import {
  connectInputSchema,
  credentialsInputSchema,
  signingSecretSchema,
  streamActionSchema,
} from '../../shared/connection.ts'
import type { InvokeArgs, InvokeChannel } from '../../shared/ipc.ts'
import {
  decisionQuerySchema,
  muteChoiceSchema,
  notificationSettingsPatchSchema,
  pauseChoiceSchema,
} from '../../shared/notify.ts'
import { settingsPatchSchema } from '../../shared/schemas.ts'

const id = z.string().min(1).max(255)
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000)
const cursor = z.string().min(1).max(64)

/** Drops top-level keys whose value is undefined, null or '' (the browser client never sends those). */
function withoutEmpty(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined && v !== null && v !== '') out[key] = v
  }
  return out
}

export const ipcEventQuerySchema = z.preprocess(
  withoutEmpty,
  z.strictObject({
    streamId: id.optional(),
    types: z.array(z.string().min(1).max(128)).max(64).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    verification: z.enum(['verified', 'unverified']).optional(),
    duplicate: z.boolean().optional(),
    text: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: cursor.optional(),
  }),
)

export const ipcTransitionQuerySchema = z.preprocess(
  withoutEmpty,
  z.strictObject({
    streamId: id.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  }),
)

export const ipcRejectedQuerySchema = z.preprocess(
  withoutEmpty,
  z.strictObject({
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: cursor.optional(),
  }),
)

/** channel → schema of its whole argument tuple (extra arguments are refused too). */
export const INVOKE_SCHEMAS: { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> } = {
  'monitor:getSnapshot': z.tuple([]),
  'monitor:getStream': z.tuple([id]),
  'monitor:listEvents': z.tuple([ipcEventQuerySchema]),
  'monitor:getEvent': z.tuple([id]),
  'monitor:listTransitions': z.tuple([ipcTransitionQuerySchema]),
  'monitor:listRejected': z.tuple([ipcRejectedQuerySchema]),
  'monitor:getReceiver': z.tuple([]),
  'monitor:updateSettings': z.tuple([settingsPatchSchema]),
  'monitor:listNotifications': z.tuple([z.preprocess(withoutEmpty, decisionQuerySchema)]),
  'monitor:updateNotificationSettings': z.tuple([notificationSettingsPatchSchema]),
  'monitor:muteStream': z.tuple([id, muteChoiceSchema]),
  'monitor:pauseNotifications': z.tuple([pauseChoiceSchema]),
  'monitor:getConnection': z.tuple([]),
  'monitor:testCredentials': z.tuple([credentialsInputSchema]),
  'monitor:connectWorkspace': z.tuple([connectInputSchema]) as unknown as z.ZodType<
    InvokeArgs<'monitor:connectWorkspace'>
  >,
  'monitor:setSigningSecret': z.tuple([signingSecretSchema]),
  'monitor:useDemo': z.tuple([]),
  'monitor:reconcileNow': z.tuple([]),
  'monitor:reconnectTunnel': z.tuple([]),
  'monitor:runStreamAction': z.tuple([streamActionSchema]),
}
