// Keeps our picture true when webhooks were missed: reads the workspace's streams from
// FastPix's REST API at start, every few minutes, when a stream turns `unknown`, and
// whenever the host asks (resume from sleep, tunnel back); applies what differs as
// correction events (see corrections.ts). Also polls viewer counts of active streams.
import type { MonitorCoreApi } from '../../../shared/api.ts'
import type { StreamSnapshot, Transition } from '../../../shared/domain.ts'
import type { ReconcileStatus } from '../../../shared/workspace.ts'
import type { FastPixClient } from '../fastpix/client.ts'
import { FastPixError } from '../fastpix/errors.ts'
import type { FastPixStream } from '../fastpix/schemas.ts'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import type { ReportingMonitor } from '../monitor/index.ts'
import { type CorrectionOptions, deletedCorrection, streamCorrections } from './corrections.ts'

export interface ReconcilerOptions {
  client: Pick<FastPixClient, 'listAllStreams' | 'getStream' | 'viewerCount'>
  /** The monitor, and the batches published from it (transitions turning `unknown`). */
  monitor: Pick<ReportingMonitor, 'snapshots' | 'record' | 'setViewerCount'> & {
    api: Pick<MonitorCoreApi, 'onUpdate'>
  }
  now?: () => number
  logger?: Logger
  /** Full rounds this often (ms); 0 = only when asked. Default 5 min. */
  intervalMs?: number
  /** Viewer counts of active streams this often (ms); 0 = never. Default 30 s. */
  viewersIntervalMs?: number
  /** Streams heard from this recently are trusted as they are (ms). Default 15 s. */
  graceMs?: number
  /** A stream turning `unknown` is looked up after this pause (ms), batched. Default 2 s. */
  unknownDelayMs?: number
  onStatus?: (status: ReconcileStatus) => void
}

export interface Reconciler {
  start(): void
  /** One full round now (joins a round already running). */
  run(reason: string): Promise<ReconcileStatus>
  /** Reads one stream now and applies what differs (after an operator action). */
  refresh(streamId: string): Promise<void>
  status(): ReconcileStatus
  stop(): void
}

const DETAIL_CONCURRENCY = 4

/** FastPix refused the token itself (the status says so through the client's reports). */
const isRefusal = (error: unknown): boolean =>
  error instanceof FastPixError && (error.kind === 'unauthorized' || error.kind === 'forbidden')

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work))
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const now = options.now ?? Date.now
  const log = options.logger ?? silentLogger
  const graceMs = options.graceMs ?? 15_000
  const { client, monitor } = options
  let status: ReconcileStatus = { state: 'off', lastAt: null, lastError: null, corrections: 0 }
  let running: Promise<ReconcileStatus> | null = null
  let stopped = false
  const timers = new Set<NodeJS.Timeout>()
  let unsubscribe: (() => void) | null = null
  const unknownIds = new Set<string>()
  let unknownTimer: NodeJS.Timeout | null = null

  function set(next: Partial<ReconcileStatus>): void {
    if (stopped) return // stays 'off': a round that was in flight reports nothing
    status = { ...status, ...next }
    options.onStatus?.(status)
  }

  const ours = (): Map<string, StreamSnapshot> => new Map(monitor.snapshots().map((s) => [s.id, s]))

  async function apply(events: ReturnType<typeof streamCorrections>): Promise<number> {
    let made = 0
    for (const e of events) {
      // Stopped while FastPix answered: the monitor may be closing; the next start looks again.
      if (stopped) break
      await monitor.record(e)
      made += 1
    }
    return made
  }

  /** Targets are only in the single-stream answer: fetch them for streams that can have live targets. */
  async function withTargets(list: FastPixStream[]): Promise<FastPixStream[]> {
    const out = [...list]
    const need = out
      .map((s, i) => ({ s, i }))
      .filter(
        ({ s }) => s.simulcastResponses === undefined && (s.status === 'active' || s.status === 'preparing'),
      )
    await inBatches(need, DETAIL_CONCURRENCY, async ({ s, i }) => {
      try {
        out[i] = await client.getStream(s.streamId)
      } catch (error) {
        log.warn(`reconcile: could not read stream ${s.streamId}: ${(error as Error).message}`)
      }
    })
    return out
  }

  async function round(reason: string): Promise<ReconcileStatus> {
    if (stopped) return status
    set({ state: 'running' })
    const o: CorrectionOptions = { observedAt: now(), graceMs }
    try {
      const listed = await withTargets(await client.listAllStreams())
      const known = ours()
      let made = 0
      for (const rest of listed) made += await apply(streamCorrections(known.get(rest.streamId), rest, o))
      // The list is complete (the client walks every page or fails): what it lacks is gone.
      const present = new Set(listed.map((s) => s.streamId))
      for (const s of known.values()) if (!present.has(s.id)) made += await apply(deletedCorrection(s, o))
      if (made > 0) log.info(`reconcile (${reason}): ${made} correction(s) from FastPix`)
      set({ state: 'idle', lastAt: o.observedAt, lastError: null, corrections: status.corrections + made })
    } catch (error) {
      const message = (error as Error).message
      log.warn(`reconcile (${reason}) failed: ${message}`)
      set({ state: 'error', lastAt: o.observedAt, lastError: message })
    }
    return status
  }

  // Rounds and lookups run one at a time, each comparing FastPix's answer with what the one
  // before left: overlapping, both would record the same missed change (e.g. after sleep,
  // streams turn unknown while the resume round is still reading FastPix).
  let tail: Promise<void> | null = null
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const started = tail ? tail.then(work) : work()
    const done = started.then(
      () => {},
      () => {},
    )
    tail = done
    void done.then(() => {
      if (tail === done) tail = null
    })
    return started
  }

  function run(reason: string): Promise<ReconcileStatus> {
    if (stopped) return Promise.resolve(status)
    running ??= serial(() => round(reason)).finally(() => {
      running = null
    })
    return running
  }

  /** Streams that turned `unknown` (a missed idle?): ask FastPix about each of them. */
  async function lookUp(ids: string[]): Promise<void> {
    if (stopped) return
    const o: CorrectionOptions = { observedAt: now(), graceMs: 0 }
    const known = ours()
    let made = 0
    await inBatches(ids, DETAIL_CONCURRENCY, async (id) => {
      const mine = known.get(id)
      try {
        made += await apply(streamCorrections(mine, await client.getStream(id), o))
      } catch (error) {
        if (error instanceof FastPixError && error.kind === 'not-found' && mine)
          made += await apply(deletedCorrection(mine, o))
        else log.warn(`reconcile: could not read stream ${id}: ${(error as Error).message}`)
      }
    })
    if (made > 0) set({ corrections: status.corrections + made, lastAt: o.observedAt })
  }

  function onTransitions(list: readonly Transition[]): void {
    for (const t of list) {
      if (t.targetId === null && t.toHealth === 'unknown' && t.cause !== 'reconcile')
        unknownIds.add(t.streamId)
    }
    if (unknownIds.size === 0 || unknownTimer || stopped) return
    unknownTimer = setTimeout(() => {
      unknownTimer = null
      const ids = [...unknownIds]
      unknownIds.clear()
      void serial(() => lookUp(ids))
    }, options.unknownDelayMs ?? 2000)
    unknownTimer.unref()
  }

  async function pollViewers(): Promise<void> {
    if (stopped) return
    const streams = monitor.snapshots()
    // A refused token is refused for every stream: asking on would only repeat the 401/403.
    let refused = false
    await inBatches(streams, DETAIL_CONCURRENCY, async (s) => {
      if (s.status !== 'active') {
        if (s.viewerCount !== null) monitor.setViewerCount(s.id, null)
        return
      }
      if (refused) return
      try {
        const views = await client.viewerCount(s.id)
        // Stopped while FastPix answered: the monitor may be closed.
        if (!stopped) monitor.setViewerCount(s.id, views)
      } catch (error) {
        if (isRefusal(error)) refused = true
        log.debug(`viewer count of ${s.id}: ${(error as Error).message}`)
      }
    })
  }

  function every(ms: number | undefined, fallback: number, task: () => void): void {
    const period = ms ?? fallback
    if (period <= 0) return
    const timer = setInterval(task, period)
    timer.unref()
    timers.add(timer)
  }

  return {
    start() {
      if (stopped || unsubscribe) return
      set({ state: 'idle' })
      unsubscribe = monitor.api.onUpdate((batch) => onTransitions(batch.transitions))
      void run('start').then(() => pollViewers())
      every(options.intervalMs, 5 * 60_000, () => void run('periodic'))
      every(options.viewersIntervalMs, 30_000, () => void pollViewers())
    },
    run,
    refresh: (streamId) => serial(() => lookUp([streamId])),
    status: () => status,
    stop() {
      stopped = true
      unsubscribe?.()
      for (const t of timers) clearInterval(t)
      timers.clear()
      if (unknownTimer) clearTimeout(unknownTimer)
      status = { ...status, state: 'off' }
    },
  }
}
