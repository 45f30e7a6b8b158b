// The request/response half of MonitorApi over the dashboard listener's JSON routes,
// one call per operation of the table: arguments go where the table says (path,
// query string, JSON body), answers are unwrapped the same way.
// The token travels in the Authorization header, never in a URL the server might log.
import type { MonitorApi } from '../../../shared/api.ts'
import { type Arg, type HttpRoute, OPERATION_NAMES, operation } from '../../../shared/operations.ts'
import { MonitorApiError } from './link.ts'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export type HttpApi = Omit<MonitorApi, 'onUpdate'>

/** A filter object as a query string: empty values left out, lists comma-joined, aliases used. */
function queryString(query: unknown, alias: Readonly<Record<string, string>> = {}): string {
  const httpName = Object.fromEntries(Object.entries(alias).map(([http, field]) => [field, http]))
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const text = Array.isArray(value) ? value.join(',') : value
    if (text === undefined || text === null || text === '') continue
    search.set(httpName[key] ?? key, String(text))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

interface Request {
  path: string
  body: unknown
}

/** Where each positional argument goes. Changes always carry a JSON body ({} when there is nothing to say). */
function requestOf(args: readonly Arg<unknown>[], http: HttpRoute, values: unknown[]): Request {
  let path = http.path
  let search = ''
  let body: unknown = http.method === 'GET' ? undefined : {}
  args.forEach((a, i) => {
    const value = values[i]
    if (a.in === 'path') path = path.replace(`:${a.name}`, encodeURIComponent(String(value)))
    else if (a.in === 'query') search = queryString(value, http.alias)
    else if (a.in === 'body') body = value
    else body = { ...(body as object), [a.name]: value }
  })
  return { path: `${path}${search}`, body }
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

  async function call(method: HttpRoute['method'], { path, body }: Request): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    try {
      return await fetchImpl(`${root}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      })
    } catch (error) {
      throw new MonitorApiError(0, 'unreachable', `cannot reach the monitor (${(error as Error).message})`)
    }
  }

  const entries = OPERATION_NAMES.map((name) => {
    const { args, http } = operation(name)
    const run = async (...values: unknown[]): Promise<unknown> => {
      const response = await call(http.method, requestOf(args, http, values))
      // "Not found" answers null, as over IPC.
      if (response.status === 404 && http.notFound) return null
      if (!response.ok) throw await errorOf(response)
      const answer = (await response.json()) as Record<string, unknown>
      return http.wrap ? answer[http.wrap] : answer
    }
    return [name, run] as const
  })
  return Object.fromEntries(entries) as unknown as HttpApi
}
