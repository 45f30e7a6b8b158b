// FastPixError: the one error every failed FastPix REST call ends in, with a message a user can act on.
import type { FastPixErrorBody } from './schemas.ts'

export type FastPixErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'invalid-request'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-response'

/** Statuses the OpenAPI `x-fastpix-retries` policy retries, plus 524 (FastPix's documented timeout). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 524])

export interface FastPixErrorInit {
  kind: FastPixErrorKind
  status: number | null
  message: string
  api?: FastPixErrorBody | null
  field?: string | null
  cause?: unknown
}

export class FastPixError extends Error {
  override readonly name = 'FastPixError'
  readonly kind: FastPixErrorKind
  /** HTTP status, or null when no response arrived (timeout, network). */
  readonly status: number | null
  /** FastPix's own `error.message` / `error.description`, when it sent its error envelope. */
  readonly apiMessage: string | null
  readonly apiDescription: string | null
  /** For bad-response: path of the first field that did not validate, e.g. `data.0.status`. */
  readonly field: string | null
  /** Requests made before this error was final (1 = not retried). */
  attempts = 1

  constructor(init: FastPixErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.kind = init.kind
    this.status = init.status
    this.apiMessage = clean(init.api?.message)
    this.apiDescription = clean(init.api?.description)
    this.field = init.field ?? null
  }

  /** Worth another attempt: a retryable status, a timeout or a connection error. */
  get retryable(): boolean {
    if (this.status !== null) return RETRY_STATUSES.has(this.status)
    return this.kind === 'timeout' || this.kind === 'network'
  }
}

/** Server text is untrusted: one line, bounded. */
function clean(text: string | undefined): string | null {
  if (typeof text !== 'string') return null
  const line = text.replace(/[\p{Cc}\s]+/gu, ' ').trim()
  if (line === '') return null
  return line.length > 300 ? `${line.slice(0, 299)}…` : line
}

export function errorForStatus(status: number, api: FastPixErrorBody | null): FastPixError {
  const make = (kind: FastPixErrorKind, message: string) => new FastPixError({ kind, status, message, api })
  if (status === 401)
    return make(
      'unauthorized',
      'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.',
    )
  if (status === 403)
    return make(
      'forbidden',
      'This access token lacks permission for that (403). Give it FastPix Video Read (and Write for stream actions).',
    )
  if (status === 404)
    return make('not-found', 'FastPix has no such stream or simulcast in this workspace (404).')
  if (status === 429)
    return make(
      'rate-limited',
      'FastPix is limiting how often this token may call it (429). Try again shortly.',
    )
  if (status === 408 || status === 524)
    return make('timeout', `FastPix took too long to answer (${status}). Try again in a minute.`)
  if (status >= 400 && status < 500) {
    const why = clean(api?.description) ?? clean(api?.message)
    const reason = why ? `: ${why}${/[.!?…]$/.test(why) ? '' : '.'}` : '.'
    return make('invalid-request', `FastPix refused the request (${status})${reason}`)
  }
  if (status >= 500 && status < 600)
    return make('server', `FastPix had a problem on its side (${status}). Try again in a minute.`)
  return make('bad-response', `FastPix answered with an unexpected HTTP status (${status}).`)
}

export function timeoutError(timeoutMs: number, cause?: unknown): FastPixError {
  const within = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`
  return new FastPixError({
    kind: 'timeout',
    status: null,
    message: `FastPix did not answer within ${within}. Check the internet connection, or try again later.`,
    cause,
  })
}

/** `host` only: never the full URL (it could carry query data) and never credentials. */
export function networkError(host: string, cause: unknown): FastPixError {
  const code = causeCode(cause)
  return new FastPixError({
    kind: 'network',
    status: null,
    message: `Could not reach FastPix at ${host}${code ? ` (${code})` : ''}. Check the internet connection, proxy or firewall.`,
    cause,
  })
}

export function badResponse(field: string, problem: string, status: number | null): FastPixError {
  return new FastPixError({
    kind: 'bad-response',
    status,
    field,
    message: `FastPix sent a response this app does not understand (${field}: ${problem}).`,
  })
}

/** Node's fetch wraps the socket error (`ECONNREFUSED`, `ENOTFOUND`, …) in `cause`. */
function causeCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return null
}
