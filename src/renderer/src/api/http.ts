// The request/response half of MonitorApi over the dashboard listener's JSON routes.
// The token travels in the Authorization header, never in a URL the server might log.
import type {
  EventPage,
  EventQuery,
  MonitorApi,
  MonitorSettings,
  MonitorSnapshot,
  ReceiverStatus,
  RejectedPage,
  RejectedQuery,
  TransitionQuery,
} from '../../../shared/api.ts'
import type {
  ConnectionStatus,
  FastPixCheck,
  ReconcileStatus,
  SigningSecretResult,
} from '../../../shared/connection.ts'
import type { MonitorEvent, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import type { Decision, NotificationStatus } from '../../../shared/notify.ts'
import { MonitorApiError } from './connection.ts'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export type HttpApi = Omit<MonitorApi, 'onUpdate'>

type QueryValue = string | number | boolean | undefined | null

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

async function errorOf(response: Response): Promise<MonitorApiError> {
  let code = 'http_error'
  let message = `HTTP ${response.status}`
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
    if (typeof body.error?.code === 'string') code = body.error.code
    if (typeof body.error?.message === 'string') message = body.error.message
  } catch {
    // Not JSON: keep the status line.
  }
  return new MonitorApiError(response.status, code, message)
}

export function createHttpApi(baseUrl: string, token: string, fetchImpl: FetchLike): HttpApi {
  const root = baseUrl.replace(/\/+$/, '')

  async function call<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await fetchImpl(`${root}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      })
    } catch (error) {
      throw new MonitorApiError(0, 'unreachable', `cannot reach the monitor (${(error as Error).message})`)
    }
    if (!response.ok) throw await errorOf(response)
    return (await response.json()) as T
  }

  async function orNull<T>(promise: Promise<T>): Promise<T | null> {
    try {
      return await promise
    } catch (error) {
      if (error instanceof MonitorApiError && error.status === 404) return null
      throw error
    }
  }

  return {
    getSnapshot: () => call<MonitorSnapshot>('GET', '/api/snapshot'),
    async getStream(id) {
      const found = await orNull(
        call<{ stream: StreamSnapshot }>('GET', `/api/streams/${encodeURIComponent(id)}`),
      )
      return found?.stream ?? null
    },
    listEvents(query: EventQuery) {
      const { types, ...rest } = query
      return call<EventPage>('GET', `/api/events${queryString({ ...rest, type: types?.join(',') })}`)
    },
    async getEvent(id) {
      const found = await orNull(
        call<{ event: MonitorEvent }>('GET', `/api/events/${encodeURIComponent(id)}`),
      )
      return found?.event ?? null
    },
    async listTransitions(query: TransitionQuery) {
      const page = await call<{ transitions: Transition[] }>(
        'GET',
        `/api/transitions${queryString({ ...query })}`,
      )
      return page.transitions
    },
    listRejected: (query: RejectedQuery) =>
      call<RejectedPage>('GET', `/api/rejected${queryString({ ...query })}`),
    getReceiver: () => call<ReceiverStatus>('GET', '/api/receiver'),
    updateSettings: (patch: Partial<MonitorSettings>) => call<MonitorSettings>('PUT', '/api/settings', patch),
    async listNotifications(query) {
      const page = await call<{ decisions: Decision[] }>(
        'GET',
        `/api/notifications${queryString({ ...query })}`,
      )
      return page.decisions
    },
    updateNotificationSettings: (patch) =>
      call<NotificationStatus>('PUT', '/api/notifications/settings', patch),
    muteStream: (streamId, choice) =>
      call<NotificationStatus>('PUT', `/api/notifications/mutes/${encodeURIComponent(streamId)}`, { choice }),
    pauseNotifications: (choice) => call<NotificationStatus>('PUT', '/api/notifications/pause', { choice }),
    // The workspace: actions are POSTs with a JSON body ({} when there is nothing to say).
    getConnection: () => call<ConnectionStatus>('GET', '/api/connection'),
    testCredentials: (input) => call<FastPixCheck>('POST', '/api/connection/test', input),
    connectWorkspace: (input) => call<ConnectionStatus>('POST', '/api/connection/connect', input),
    setSigningSecret: (secret) =>
      call<SigningSecretResult>('POST', '/api/connection/signing-secret', { secret }),
    useDemo: () => call<ConnectionStatus>('POST', '/api/connection/demo', {}),
    reconcileNow: () => call<ReconcileStatus>('POST', '/api/connection/reconcile', {}),
    reconnectTunnel: () => call<ConnectionStatus>('POST', '/api/connection/tunnel/reconnect', {}),
    runStreamAction: (action) => call<ConnectionStatus>('POST', '/api/streams/actions', action),
  }
}
