// The operation table: every MonitorApi operation, declared once. MonitorApi, the IPC
// channels and handlers, the preload bridge, the dashboard routes and the browser's
// HTTP client are all derived from it by generic code. Zod and types only: the
// renderer and the sandboxed preload bundle import this file.
import { z } from 'zod'
import type {
  EventPage,
  EventQuery,
  MonitorSettings,
  MonitorSnapshot,
  ReceiverStatus,
  RejectedPage,
  RejectedQuery,
  SettingsPatch,
  TransitionQuery,
} from './api.ts'
import type { AuditEntry, AuditQuery } from './audit.ts'
import type { MonitorEvent, StreamSnapshot, Transition } from './domain.ts'
import {
  type Decision,
  decisionQuerySchema,
  muteChoiceSchema,
  type NotificationStatus,
  notificationSettingsPatchSchema,
  pauseChoiceSchema,
} from './notify.ts'
import { type Arg, arg, type OperationDef, type Owner, op, returns } from './operation-def.ts'
import {
  type BroadcastRef,
  type BroadcastReport,
  type BroadcastSummary,
  REPORT_FORMATS,
  type ReportFile,
  type ReportFormat,
} from './report.ts'
import { type Schedule, scheduleSchema } from './schedule.ts'
import { settingsPatchSchema } from './schemas.ts'
import type { SeriesWindow, StreamSeries } from './series.ts'
import {
  type ConnectInput,
  connectInputSchema,
  credentialsInputSchema,
  type FastPixCheck,
  type ReconcileStatus,
  type SigningSecretResult,
  signingSecretSchema,
  streamActionSchema,
  type WorkspaceStatus,
} from './workspace.ts'
import type { WorkspaceSeries } from './workspace-series.ts'

export type { Arg, ArgPlace, HttpRoute, OperationDef, Owner, Role } from './operation-def.ts'

const id = z.string().min(1).max(255)
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000)
const cursor = z.string().min(1).max(64)

/** Drops top-level keys whose value is undefined, null or '' (clients never send those). */
function withoutEmpty(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  )
}
/** A filter object: typed values (the HTTP transport coerces query strings to these types first). */
const filter = <S extends z.ZodRawShape>(shape: S) => z.preprocess(withoutEmpty, z.strictObject(shape))

const eventQuery = filter({
  streamId: id.optional(),
  types: z.array(z.string().min(1).max(128)).max(64).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  verification: z.enum(['verified', 'unverified']).optional(),
  duplicate: z.boolean().optional(),
  text: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: cursor.optional(),
})
const transitionQuery = filter({
  streamId: id.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  limit: z.number().int().min(1).max(5000).optional(),
})
const rejectedQuery = filter({
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: cursor.optional(),
})

const BROADCAST_REF_WORDS = '"latest", its number (1 = the oldest kept) or an ISO 8601 time inside it'
/** Which broadcast: "latest", its number, or an ISO time it was live at (a path segment is a string). */
const broadcastRef: z.ZodType<BroadcastRef> = z
  .union([z.number(), z.string().max(64)], { error: `must be ${BROADCAST_REF_WORDS}` })
  .transform((v, ctx): BroadcastRef => {
    if (v === 'latest') return v
    const n = typeof v === 'number' ? v : /^\d{1,7}$/.test(v) ? Number(v) : Number.NaN
    if (Number.isInteger(n) && n >= 1) return n
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v))) return v
    ctx.addIssue({ code: 'custom', message: `must be ${BROADCAST_REF_WORDS}` })
    return z.NEVER
  }) as unknown as z.ZodType<BroadcastRef>
/** An IANA time zone the host knows ("Europe/Berlin", "UTC"). */
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { error: 'must be an IANA time zone such as Europe/Berlin or UTC' },
  )
/**
 * A chart's window, ms since the epoch, both ends optional: the implementation fills in what
 * is missing and refuses a backwards or too long window in words (`seriesWindow` in series.ts).
 */
const seriesWindow = filter({ from: epochMs.optional(), to: epochMs.optional() })
const auditQuery = filter({
  limit: z.number().int().min(1).max(1000).optional(),
  before: epochMs.optional(),
})
const exportOptions = filter({
  format: z.enum(REPORT_FORMATS, { error: 'must be md, html or json' }),
  tz: timeZone.optional(),
})

export const OPERATIONS = {
  getSnapshot: op({
    kind: 'query',
    result: returns<MonitorSnapshot>(),
    role: 'viewer',
    owner: 'core',
    args: [],
    http: {
      method: 'GET',
      path: '/api/snapshot',
      views: [
        { path: '/api/streams', field: 'streams', wrap: 'streams' },
        { path: '/api/settings', field: 'settings' },
      ],
    },
  }),
  getStream: op({
    kind: 'query',
    result: returns<StreamSnapshot | null>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('id', 'path', id)],
    http: { method: 'GET', path: '/api/streams/:id', wrap: 'stream', notFound: 'no such stream' },
  }),
  listEvents: op({
    kind: 'query',
    result: returns<EventPage>(),
    role: 'viewer',
    owner: 'core',
    args: [arg<EventQuery>('query', 'query', eventQuery)],
    http: { method: 'GET', path: '/api/events', alias: { type: 'types' } },
  }),
  getEvent: op({
    kind: 'query',
    result: returns<MonitorEvent | null>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('id', 'path', id)],
    http: { method: 'GET', path: '/api/events/:id', wrap: 'event', notFound: 'no such event' },
  }),
  listTransitions: op({
    kind: 'query',
    result: returns<Transition[]>(),
    role: 'viewer',
    owner: 'core',
    args: [arg<TransitionQuery>('query', 'query', transitionQuery)],
    http: { method: 'GET', path: '/api/transitions', wrap: 'transitions' },
  }),
  listRejected: op({
    kind: 'query',
    result: returns<RejectedPage>(),
    role: 'viewer',
    owner: 'core',
    args: [arg<RejectedQuery>('query', 'query', rejectedQuery)],
    http: { method: 'GET', path: '/api/rejected' },
  }),
  getReceiver: op({
    kind: 'query',
    result: returns<ReceiverStatus>(),
    role: 'viewer',
    owner: 'core',
    args: [],
    http: { method: 'GET', path: '/api/receiver' },
  }),
  updateSettings: op({
    kind: 'change',
    result: returns<MonitorSettings>(),
    role: 'admin',
    owner: 'core',
    args: [arg<SettingsPatch>('patch', 'body', settingsPatchSchema)],
    http: { method: 'PUT', path: '/api/settings' },
  }),
  /** The notification log, newest first: what was raised or suppressed, and why. */
  listNotifications: op({
    kind: 'query',
    result: returns<Decision[]>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('query', 'query', z.preprocess(withoutEmpty, decisionQuerySchema))],
    http: { method: 'GET', path: '/api/notifications', wrap: 'decisions' },
  }),
  updateNotificationSettings: op({
    kind: 'change',
    result: returns<NotificationStatus>(),
    role: 'admin',
    owner: 'core',
    args: [arg('patch', 'body', notificationSettingsPatchSchema)],
    http: { method: 'PUT', path: '/api/notifications/settings' },
  }),
  /** Mutes one stream's notifications for a while; null unmutes. */
  muteStream: op({
    kind: 'change',
    result: returns<NotificationStatus>(),
    role: 'operator',
    owner: 'core',
    args: [arg('streamId', 'path', id), arg('choice', 'field', muteChoiceSchema)],
    http: { method: 'PUT', path: '/api/notifications/mutes/:streamId' },
  }),
  /** Pauses every notification for a while (or until resumed); null resumes. */
  pauseNotifications: op({
    kind: 'change',
    result: returns<NotificationStatus>(),
    role: 'operator',
    owner: 'core',
    args: [arg('choice', 'field', pauseChoiceSchema)],
    http: { method: 'PUT', path: '/api/notifications/pause' },
  }),
  /** The stream's past broadcasts (and the live one), newest first. */
  listBroadcasts: op({
    kind: 'query',
    result: returns<BroadcastSummary[]>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('streamId', 'path', id)],
    http: { method: 'GET', path: '/api/streams/:streamId/broadcasts', wrap: 'broadcasts' },
  }),
  /** One broadcast's report, derived from what is stored. */
  getBroadcastReport: op({
    kind: 'query',
    result: returns<BroadcastReport>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('streamId', 'path', id), arg('broadcast', 'path', broadcastRef)],
    http: { method: 'GET', path: '/api/streams/:streamId/broadcasts/:broadcast', wrap: 'report' },
  }),
  /** One broadcast's report as Markdown, self-contained HTML or JSON; `download` answers the file itself. */
  exportBroadcastReport: op({
    kind: 'query',
    result: returns<ReportFile>(),
    role: 'viewer',
    owner: 'core',
    args: [
      arg('streamId', 'path', id),
      arg('broadcast', 'path', broadcastRef),
      arg<{ format: ReportFormat; tz?: string }>('options', 'query', exportOptions),
    ],
    http: {
      method: 'GET',
      path: '/api/streams/:streamId/broadcasts/:broadcast/export',
      download: '/api/streams/:streamId/broadcasts/:broadcast/download',
    },
  }),
  /** The workspace overview: streams by health, deliveries, rejections and delivery lag per bucket (default: the last hour, at most 8 days). */
  getWorkspaceSeries: op({
    kind: 'query',
    result: returns<WorkspaceSeries>(),
    role: 'viewer',
    owner: 'core',
    args: [arg<SeriesWindow>('range', 'query', seriesWindow)],
    http: { method: 'GET', path: '/api/workspace/series' },
  }),
  /**
   * One stream's chart over a window (default: the hour before now; at most 8 days): viewer
   * samples, health spans, encoder and target markers, events per bucket.
   */
  getStreamSeries: op({
    kind: 'query',
    result: returns<StreamSeries>(),
    role: 'viewer',
    owner: 'core',
    args: [arg('streamId', 'path', id), arg<SeriesWindow>('window', 'query', seriesWindow)],
    http: { method: 'GET', path: '/api/streams/:streamId/series', wrap: 'series' },
  }),
  /** Sets when a stream should be live (once or weekly, with grace and an optional end); null clears it. */
  setSchedule: op({
    kind: 'change',
    result: returns<StreamSnapshot | null>(),
    role: 'operator',
    owner: 'core',
    args: [arg('id', 'path', id), arg('schedule', 'field', scheduleSchema.nullable())],
    http: { method: 'PUT', path: '/api/streams/:id/schedule', wrap: 'stream', notFound: 'no such stream' },
  }),
  /** Every stream's schedule (stream id → schedule); each snapshot also carries its own. */
  listSchedules: op({
    kind: 'query',
    result: returns<Record<string, Schedule>>(),
    role: 'viewer',
    owner: 'core',
    args: [],
    http: { method: 'GET', path: '/api/schedules', wrap: 'schedules' },
  }),
  getWorkspaceStatus: op({
    kind: 'query',
    result: returns<WorkspaceStatus>(),
    role: 'viewer',
    owner: 'workspace',
    args: [],
    http: { method: 'GET', path: '/api/workspace' },
  }),
  /** Checks an Access Token ID + Secret Key with a real FastPix call; bad ones answer `state: 'error'` in words. */
  testCredentials: op({
    kind: 'query',
    result: returns<FastPixCheck>(),
    role: 'admin',
    owner: 'workspace',
    args: [arg('input', 'body', credentialsInputSchema)],
    http: { method: 'POST', path: '/api/workspace/test' },
  }),
  /** Checks the credentials, keeps them, and switches to the real workspace (the page then reloads). */
  connectWorkspace: op({
    kind: 'change',
    result: returns<WorkspaceStatus>(),
    role: 'admin',
    owner: 'workspace',
    args: [arg<ConnectInput>('input', 'body', connectInputSchema as z.ZodType<ConnectInput>)],
    http: { method: 'POST', path: '/api/workspace/connect' },
  }),
  /** Sets the webhook signing secret and verifies and releases the deliveries held until now. */
  setSigningSecret: op({
    kind: 'change',
    result: returns<SigningSecretResult>(),
    role: 'admin',
    owner: 'workspace',
    args: [arg('secret', 'field', signingSecretSchema)],
    http: { method: 'POST', path: '/api/workspace/signing-secret' },
  }),
  /** Switches to the built-in demo workspace (the real workspace's data is kept apart). */
  useDemo: op({
    kind: 'change',
    result: returns<WorkspaceStatus>(),
    role: 'admin',
    owner: 'workspace',
    args: [],
    http: { method: 'POST', path: '/api/workspace/demo' },
  }),
  /** Reads FastPix now and corrects what missed webhooks left wrong. */
  reconcileNow: op({
    kind: 'change',
    result: returns<ReconcileStatus>(),
    role: 'operator',
    owner: 'workspace',
    args: [],
    http: { method: 'POST', path: '/api/workspace/reconcile' },
  }),
  /** Retries the tunnel now (after an error or while offline). */
  reconnectTunnel: op({
    kind: 'change',
    result: returns<WorkspaceStatus>(),
    role: 'operator',
    owner: 'workspace',
    args: [],
    http: { method: 'POST', path: '/api/workspace/tunnel/reconnect' },
  }),
  /** Changes a stream or simulcast target in FastPix (needs write permission); the new state follows. */
  runStreamAction: op({
    kind: 'change',
    result: returns<WorkspaceStatus>(),
    role: 'operator',
    owner: 'workspace',
    args: [arg('action', 'body', streamActionSchema)],
    http: { method: 'POST', path: '/api/streams/actions' },
  }),
  /**
   * The audit log, newest first: who changed what through `serve` (and the users CLI), and
   * how it ended. The desktop has one user and no `serve`: it reads its own data folder's log.
   */
  listAudit: op({
    kind: 'query',
    result: returns<AuditEntry[]>(),
    role: 'admin',
    owner: 'workspace',
    args: [arg<AuditQuery>('query', 'query', auditQuery)],
    http: { method: 'GET', path: '/api/audit', wrap: 'entries' },
  }),
}

export type Operations = typeof OPERATIONS
export type OperationName = keyof Operations
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[]

type ArgValues<A> = { -readonly [K in keyof A]: A[K] extends Arg<infer T> ? T : never }
export type ArgsOf<N extends OperationName> = ArgValues<Operations[N]['args']>
export type ResultOf<N extends OperationName> =
  Operations[N] extends OperationDef<infer _A, infer R, Owner> ? R : never
/** The operations named `K`, each typed from its table entry. */
export type OperationsOf<K extends OperationName> = { [N in K]: (...args: ArgsOf<N>) => Promise<ResultOf<N>> }
export type OperationsApi = OperationsOf<OperationName>
export type CoreOperation = {
  [N in OperationName]: Operations[N]['owner'] extends 'core' ? N : never
}[OperationName]
export type WorkspaceOperation = Exclude<OperationName, CoreOperation>

/** The operation's definition, widened for generic transport code. */
export const operation = (name: OperationName): OperationDef<readonly Arg<unknown>[]> => OPERATIONS[name]
export const isCoreOperation = (name: OperationName): name is CoreOperation =>
  OPERATIONS[name].owner === 'core'

/**
 * A refused input in words, the same over IPC and HTTP: `field.path: message`. Issues
 * of an argument sent as a path parameter or a body field start with its name; an
 * empty path names the argument itself.
 */
export function inputError(
  name: OperationName,
  argIndex: number | null,
  issue: { path: readonly PropertyKey[]; message: string } | undefined,
): string {
  const a = argIndex === null ? undefined : operation(name).args[argIndex]
  const path = (issue?.path ?? []).map(String)
  const full = a && (a.in === 'path' || a.in === 'field') ? [a.name, ...path] : path
  return `${full.join('.') || a?.name || 'arguments'}: ${issue?.message ?? 'invalid'}`.slice(0, 300)
}
