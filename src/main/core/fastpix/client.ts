// The FastPix REST subset the monitor uses (SPEC §6): HTTP Basic auth, a timeout per attempt,
// retries with exponential backoff (the OpenAPI `x-fastpix-retries` policy), and every
// response validated before anything of it is returned. Credentials stay inside the closure.
import { setTimeout as delay } from 'node:timers/promises'
import type { z } from 'zod'
import type { Logger } from '../logger.ts'
import { badResponse, errorForStatus, FastPixError, networkError, timeoutError } from './errors.ts'
import { type StreamPage, walkAllStreams } from './list-all.ts'
import {
  emptySuccessSchema,
  errorEnvelopeSchema,
  type FastPixSimulcast,
  type FastPixStream,
  simulcastResponseSchema,
  streamListResponseSchema,
  streamResponseSchema,
  viewerCountResponseSchema,
} from './schemas.ts'

export type { StreamPage }

export const DEFAULT_BASE_URL = 'https://api.fastpix.com/v1/'
const MAX_BODY_BYTES = 4 * 1024 * 1024
const ID = /^[\w-]{1,255}$/

export interface FastPixRetryOptions {
  /** Requests in total, the first included. */
  attempts?: number
  initialMs?: number
  factor?: number
  maxMs?: number
}

export interface FastPixClientOptions {
  baseUrl?: string
  accessTokenId: string
  secretKey: string
  /** Per attempt, body included. */
  timeoutMs?: number
  retry?: FastPixRetryOptions
  fetch?: typeof fetch
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  userAgent?: string
  /** Retries are logged here (method, path and reason; never credentials). */
  logger?: Logger
}

export interface FastPixCallOptions {
  /** Cancels the call, retries and waits included; the call then rejects with `signal.reason`. */
  signal?: AbortSignal
}

export type FastPixOrder = 'asc' | 'desc'

export interface ListStreamsQuery extends FastPixCallOptions {
  /** 1–50 (FastPix default 10). */
  limit?: number
  /** 1-based; whether it counts pages or items is not confirmed (see list-all.ts). FastPix default 1. */
  offset?: number
  /** By creation time (FastPix default `desc`). */
  orderBy?: FastPixOrder
}

export interface ListAllStreamsOptions extends FastPixCallOptions {
  pageSize?: number
  /** Requests at most (default 200); guards against a server that never stops paging. */
  maxPages?: number
  orderBy?: FastPixOrder
}

export interface FastPixClient {
  readonly baseUrl: string
  listStreams(query?: ListStreamsQuery): Promise<StreamPage>
  listAllStreams(options?: ListAllStreamsOptions): Promise<FastPixStream[]>
  getStream(streamId: string, options?: FastPixCallOptions): Promise<FastPixStream>
  getSimulcast(streamId: string, simulcastId: string, options?: FastPixCallOptions): Promise<FastPixSimulcast>
  viewerCount(streamId: string, options?: FastPixCallOptions): Promise<number>
  /** What the connect form calls: a 1-item list, so it needs only Read permission. */
  verifyCredentials(options?: FastPixCallOptions): Promise<{ ok: true; streams: number }>
  enableStream(streamId: string, options?: FastPixCallOptions): Promise<void>
  disableStream(streamId: string, options?: FastPixCallOptions): Promise<void>
  finishStream(streamId: string, options?: FastPixCallOptions): Promise<void>
  setSimulcastEnabled(
    streamId: string,
    simulcastId: string,
    enabled: boolean,
    options?: FastPixCallOptions,
  ): Promise<FastPixSimulcast>
}

interface RequestSpec<T> {
  method: 'GET' | 'PUT'
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  schema: z.ZodType<T>
  signal?: AbortSignal
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: FastPixError; retryAfterMs: number | null }

function normalizeBaseUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TypeError('FastPix baseUrl is not a valid URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError('FastPix baseUrl must be http(s)')
  if (url.username || url.password) throw new TypeError('FastPix baseUrl must not contain credentials')
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

function idSegment(id: string, what: string): string {
  if (typeof id !== 'string' || !ID.test(id))
    throw new FastPixError({
      kind: 'invalid-request',
      status: null,
      message: `That is not a valid FastPix ${what} id.`,
    })
  return encodeURIComponent(id)
}

function checkInt(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
    throw new RangeError(`${name} must be an integer from ${min} to ${max}`)
}

/** Retry-After in seconds (RFC 9110 also allows a date; FastPix is not known to send one). */
function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\s*\d{1,7}\s*$/.test(header)) return null
  return Number(header) * 1000
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function readBody(response: Response): Promise<string> {
  const tooLarge = () =>
    badResponse('(body)', `larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, response.status)
  if (Number(response.headers.get('content-length')) > MAX_BODY_BYTES) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The stream status each write leaves behind (SPEC §6.2): enable → idle, disable, finish active → idle. */
const ACTION_DONE: Record<'live-enable' | 'live-disable' | 'finish', (status: string) => boolean> = {
  'live-enable': (status) => status !== 'disabled',
  'live-disable': (status) => status === 'disabled',
  finish: (status) => status === 'idle',
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : undefined)

export function createFastPixClient(options: FastPixClientOptions): FastPixClient {
  const base = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const authorization = `Basic ${Buffer.from(`${options.accessTokenId}:${options.secretKey}`, 'utf8').toString('base64')}`
  const timeoutMs = options.timeoutMs ?? 10_000
  const attempts = Math.max(1, Math.floor(options.retry?.attempts ?? 3))
  const initialMs = options.retry?.initialMs ?? 1000
  const factor = options.retry?.factor ?? 2
  const maxMs = options.retry?.maxMs ?? 10_000
  const fetchImpl = options.fetch ?? globalThis.fetch
  const sleep = options.sleep ?? defaultSleep
  const userAgent = options.userAgent ?? 'fastpix-live-monitor'
  const log = options.logger

  async function attempt<T>(url: URL, spec: RequestSpec<T>): Promise<Attempt<T>> {
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout
    const headers: Record<string, string> = {
      authorization,
      accept: 'application/json',
      'user-agent': userAgent,
    }
    if (spec.body !== undefined) headers['content-type'] = 'application/json'
    let text: string
    let response: Response
    try {
      response = await fetchImpl(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        redirect: 'manual',
        signal,
      })
      text = await readBody(response)
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason
      if (error instanceof FastPixError) return { ok: false, error, retryAfterMs: null }
      if (timeout.aborted) return { ok: false, error: timeoutError(timeoutMs, error), retryAfterMs: null }
      return { ok: false, error: networkError(base.host, error), retryAfterMs: null }
    }
    const { status } = response
    if (status >= 200 && status < 300) {
      const json = parseJson(text)
      if (json === undefined)
        return { ok: false, error: badResponse('(body)', 'not JSON', status), retryAfterMs: null }
      const parsed = spec.schema.safeParse(json)
      if (parsed.success) return { ok: true, value: parsed.data }
      const issue = parsed.error.issues[0]
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)'
      return {
        ok: false,
        error: badResponse(field, issue?.message ?? 'invalid', status),
        retryAfterMs: null,
      }
    }
    const envelope = errorEnvelopeSchema.safeParse(parseJson(text))
    return {
      ok: false,
      error: errorForStatus(status, envelope.success ? envelope.data.error : null),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    }
  }

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const url = new URL(spec.path, base)
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    for (let n = 1; ; n++) {
      spec.signal?.throwIfAborted()
      const result = await attempt(url, spec)
      if (result.ok) return result.value
      const { error } = result
      error.attempts = n
      if (!error.retryable || n >= attempts) throw error
      const backoff = Math.min(initialMs * factor ** (n - 1), maxMs)
      const wait = result.retryAfterMs === null ? backoff : Math.min(result.retryAfterMs, maxMs)
      log?.warn(
        `FastPix ${spec.method} /${spec.path}: ${error.kind}${error.status ? ` ${error.status}` : ''}; retry ${n}/${attempts - 1} in ${wait} ms`,
      )
      try {
        await sleep(wait, spec.signal)
      } catch (sleepError) {
        spec.signal?.throwIfAborted()
        throw sleepError
      }
    }
  }

  const streamPath = (streamId: string) => `live/streams/${idSegment(streamId, 'stream')}`

  async function listStreams(query: ListStreamsQuery = {}): Promise<StreamPage> {
    checkInt('limit', query.limit, 1, 50)
    checkInt('offset', query.offset, 1, Number.MAX_SAFE_INTEGER)
    const body = await request({
      method: 'GET',
      path: 'live/streams',
      query: { limit: query.limit, offset: query.offset, orderBy: query.orderBy },
      schema: streamListResponseSchema,
      signal: query.signal,
    })
    return { streams: body.data, pagination: body.pagination }
  }

  async function listAllStreams(all: ListAllStreamsOptions = {}): Promise<FastPixStream[]> {
    const pageSize = all.pageSize ?? 50
    const maxPages = all.maxPages ?? 200
    checkInt('pageSize', pageSize, 1, 50)
    checkInt('maxPages', maxPages, 1, 1_000_000)
    return walkAllStreams(
      (offset) => listStreams({ limit: pageSize, offset, orderBy: all.orderBy, signal: all.signal }),
      { pageSize, maxPages },
    )
  }

  async function getStream(streamId: string, call: FastPixCallOptions = {}): Promise<FastPixStream> {
    const body = await request({
      method: 'GET',
      path: streamPath(streamId),
      schema: streamResponseSchema,
      signal: call.signal,
    })
    return body.data
  }

  async function getSimulcast(
    streamId: string,
    simulcastId: string,
    call: FastPixCallOptions = {},
  ): Promise<FastPixSimulcast> {
    const body = await request({
      method: 'GET',
      path: `${streamPath(streamId)}/simulcast/${idSegment(simulcastId, 'simulcast')}`,
      schema: simulcastResponseSchema,
      signal: call.signal,
    })
    return body.data
  }

  async function viewerCount(streamId: string, call: FastPixCallOptions = {}): Promise<number> {
    const body = await request({
      method: 'GET',
      path: `${streamPath(streamId)}/viewer-count`,
      schema: viewerCountResponseSchema,
      signal: call.signal,
    })
    return body.data.views
  }

  async function verifyCredentials(call: FastPixCallOptions = {}): Promise<{ ok: true; streams: number }> {
    const page = await listStreams({ limit: 1, signal: call.signal })
    return { ok: true, streams: page.pagination.totalRecords }
  }

  /**
   * A write retried after an attempt that may have been applied (a timeout, a lost connection,
   * a 5xx) can be refused because it already was. FastPix's refusal texts are not confirmed, so
   * the state is read back instead: when it is what the write asked for, the write is done.
   * Otherwise (or when the read fails) the refusal stands.
   */
  async function confirmed<T>(
    write: Promise<T>,
    readBack: () => Promise<T | null>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    try {
      return await write
    } catch (error) {
      if (!(error instanceof FastPixError) || error.attempts < 2 || error.kind !== 'invalid-request')
        throw error
      const done = await readBack().catch((readError: unknown) => {
        signal?.throwIfAborted()
        log?.warn(`FastPix: could not read back a refused retry: ${(readError as Error).message}`)
        return null
      })
      if (done === null) throw error
      return done
    }
  }

  async function action(
    streamId: string,
    verb: 'live-enable' | 'live-disable' | 'finish',
    call: FastPixCallOptions,
  ): Promise<void> {
    const write = request({
      method: 'PUT',
      path: `${streamPath(streamId)}/${verb}`,
      schema: emptySuccessSchema,
      signal: call.signal,
    })
    await confirmed(
      write,
      async () => {
        const { status } = await getStream(streamId, call)
        return ACTION_DONE[verb](status) ? undefined : null
      },
      call.signal,
    )
  }

  async function setSimulcastEnabled(
    streamId: string,
    simulcastId: string,
    enabled: boolean,
    call: FastPixCallOptions = {},
  ): Promise<FastPixSimulcast> {
    const write = request({
      method: 'PUT',
      path: `${streamPath(streamId)}/simulcast/${idSegment(simulcastId, 'simulcast')}`,
      body: { isEnabled: enabled },
      schema: simulcastResponseSchema,
      signal: call.signal,
    }).then((body) => body.data)
    return confirmed(
      write,
      async () => {
        const target = await getSimulcast(streamId, simulcastId, call)
        return target.isEnabled === enabled ? target : null
      },
      call.signal,
    )
  }

  return {
    baseUrl: base.href,
    listStreams,
    listAllStreams,
    getStream,
    getSimulcast,
    viewerCount,
    verifyCredentials,
    enableStream: (id, call = {}) => action(id, 'live-enable', call),
    disableStream: (id, call = {}) => action(id, 'live-disable', call),
    finishStream: (id, call = {}) => action(id, 'finish', call),
    setSimulcastEnabled,
  }
}
