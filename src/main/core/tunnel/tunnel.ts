// Keeps one tunnel to the webhook listener up: one connect at a time, each raced against
// our own timeout (a silent server would hang it forever), retries with backoff, and a
// fresh connect when an online tunnel drops. Only ever forwards to 127.0.0.1 (T3).
//
// Retry policy by failure kind (see TunnelErrorKind): unreachable/timeout → `offline`,
// exponential backoff; refused → `error`, one retry after refusedRetryMs; config → `error`,
// no retry until reconnectNow() (a settings change builds a new tunnel anyway).
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import { WEBHOOK_HOST } from '../receiver/listener.ts'
import { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff.ts'
import { type TunnelConnection, type TunnelConnector, TunnelError, type TunnelStatus } from './types.ts'

export interface TunnelOptions {
  connector: TunnelConnector
  /** The webhook listener's port; the upstream is always 127.0.0.1:<port>. */
  upstreamPort: number
  authtoken: string
  /** ngrok static domain, so the public URL survives restarts. */
  domain?: string
  /** Default 15 s. */
  connectTimeoutMs?: number
  /** Wait after a `refused` failure. Default 5 min. */
  refusedRetryMs?: number
  backoff?: Partial<Backoff>
  now?: () => number
  random?: () => number
  logger?: Logger
}

export interface Tunnel {
  start(): void
  /** Cancels retries, abandons a connect in flight, closes an open tunnel. */
  stop(): Promise<void>
  /** Connects at once when waiting to retry (offline or error); otherwise does nothing. */
  reconnectNow(): void
  status(): TunnelStatus
  onStatus(listener: (status: TunnelStatus) => void): () => void
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000
export const DEFAULT_REFUSED_RETRY_MS = 5 * 60_000
const CLOSE_TIMEOUT_MS = 5_000

type Timer = ReturnType<typeof setTimeout>

interface Attempt {
  settled: boolean
  lost: boolean
  timer: Timer | null
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/** Bare host name from what people paste: `https://x.ngrok-free.app/` → `x.ngrok-free.app`. */
function normalizeDomain(domain: string | undefined): string | null {
  const host = (domain ?? '')
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
  return host === '' ? null : host.toLowerCase()
}

export function createTunnel(options: TunnelOptions): Tunnel {
  const port = options.upstreamPort
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new RangeError(`upstream port must be an integer 1–65535, got ${String(port)}`)
  }
  const { connector, authtoken } = options
  const upstream = { host: WEBHOOK_HOST, port } as const
  const domain = normalizeDomain(options.domain)
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const refusedRetryMs = options.refusedRetryMs ?? DEFAULT_REFUSED_RETRY_MS
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const log = options.logger ?? silentLogger
  const listeners = new Set<(status: TunnelStatus) => void>()

  let current: TunnelStatus = Object.freeze({
    state: 'off',
    url: null,
    error: null,
    since: now(),
    attempt: 0,
    nextRetryAt: null,
  })
  let inFlight: Attempt | null = null
  let online: { attempt: Attempt; connection: TunnelConnection } | null = null
  let retryTimer: Timer | null = null
  let failures = 0

  function publish(next: Omit<TunnelStatus, 'since'>): void {
    current = Object.freeze({ ...next, since: now() })
    for (const listener of [...listeners]) {
      try {
        listener(current)
      } catch (error) {
        log.warn(`tunnel status listener failed: ${messageOf(error)}`)
      }
    }
  }

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
  }

  function scheduleRetry(delayMs: number): number {
    clearRetry()
    retryTimer = setTimeout(() => {
      retryTimer = null
      connect()
    }, delayMs)
    retryTimer.unref()
    return now() + delayMs
  }

  function connect(): void {
    if (inFlight !== null) return
    clearRetry()
    const attempt: Attempt = { settled: false, lost: false, timer: null }
    inFlight = attempt
    publish({ state: 'connecting', url: null, error: null, attempt: failures + 1, nextRetryAt: null })
    if (authtoken.trim() === '') {
      fail(attempt, new TunnelError('config', 'no ngrok authtoken is set'))
      return
    }
    attempt.timer = setTimeout(
      () =>
        fail(attempt, new TunnelError('unreachable', `ngrok did not answer within ${seconds(timeoutMs)}`)),
      timeoutMs,
    )
    attempt.timer.unref()
    let pending: Promise<TunnelConnection>
    try {
      pending = connector.connect({ upstream, authtoken, domain, onLost: (reason) => lost(attempt, reason) })
    } catch (error) {
      pending = Promise.reject(error)
    }
    pending.then(
      (connection) => succeed(attempt, connection),
      (error: unknown) => fail(attempt, error),
    )
  }

  function settle(attempt: Attempt): void {
    attempt.settled = true
    if (attempt.timer !== null) clearTimeout(attempt.timer)
    if (inFlight === attempt) inFlight = null
  }

  function succeed(attempt: Attempt, connection: TunnelConnection): void {
    if (attempt.settled) {
      log.debug('closing a tunnel that connected after it was given up')
      void closeQuietly(connection)
      return
    }
    if (attempt.lost) {
      void closeQuietly(connection)
      fail(attempt, new TunnelError('unreachable', 'the connection to ngrok dropped while connecting'))
      return
    }
    settle(attempt)
    failures = 0
    online = { attempt, connection }
    log.info(`tunnel online at ${connection.url}`)
    publish({ state: 'online', url: connection.url, error: null, attempt: 0, nextRetryAt: null })
  }

  function fail(attempt: Attempt, error: unknown): void {
    if (attempt.settled) {
      log.debug(`a connect given up earlier failed: ${messageOf(error)}`)
      return
    }
    settle(attempt)
    failures += 1
    const failure =
      error instanceof TunnelError
        ? error
        : new TunnelError('unreachable', `could not connect to ngrok: ${messageOf(error)}`)
    log.warn(`tunnel ${failure.kind}: ${failure.message}`)
    if (failure.kind === 'unreachable') {
      const nextRetryAt = scheduleRetry(retryDelay(failures, backoff, random))
      publish({ state: 'offline', url: null, error: failure.message, attempt: failures, nextRetryAt })
    } else {
      const nextRetryAt = failure.kind === 'refused' ? scheduleRetry(refusedRetryMs) : null
      publish({ state: 'error', url: null, error: failure.message, attempt: failures, nextRetryAt })
    }
  }

  function lost(attempt: Attempt, reason: string): void {
    if (inFlight === attempt) {
      attempt.lost = true
      return
    }
    if (online?.attempt !== attempt) return
    log.warn(`tunnel lost: ${reason}`)
    const { connection } = online
    online = null
    void closeQuietly(connection)
    connect()
  }

  async function closeQuietly(connection: TunnelConnection): Promise<void> {
    let timer: Timer | undefined
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
      timer.unref()
    })
    try {
      await Promise.race([connection.close(), gaveUp])
    } catch (error) {
      log.debug(`closing the tunnel failed: ${messageOf(error)}`)
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    start() {
      if (current.state !== 'off') return
      failures = 0
      connect()
    },
    async stop() {
      clearRetry()
      if (inFlight !== null) settle(inFlight)
      const connection = online?.connection ?? null
      online = null
      if (current.state !== 'off') {
        publish({ state: 'off', url: null, error: null, attempt: 0, nextRetryAt: null })
      }
      if (connection !== null) await closeQuietly(connection)
    },
    reconnectNow() {
      if (current.state === 'offline' || current.state === 'error') connect()
    },
    status: () => current,
    onStatus(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
