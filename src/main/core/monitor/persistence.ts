// Stream snapshots, transitions, viewer samples and notification decisions go to the store in the background, every few
// seconds, in small chunks: event commits queued meanwhile are never stuck behind one
// large transaction. Only the last chunk advances throughSeq, so a crash between
// chunks replays from the previous mark. Transitions not saved yet are still listed.
import { setTimeout as sleep } from 'node:timers/promises'
import type { TransitionQuery } from '../../../shared/api.ts'
import type { Transition } from '../../../shared/domain.ts'
import type { Decision } from '../../../shared/notify.ts'
import type { HealthEngine } from '../health/engine.ts'
import type { Logger } from '../logger.ts'
import type { ReceiverCountersMirror } from '../receiver/counters.ts'
import { clampLimit } from '../store/cursor.ts'
import type { Store, StoredViewerSample } from '../store/types.ts'

const PERSIST_CHUNK = 10
const PERSIST_PAUSE_MS = 10

export interface PersistenceOptions {
  store: Pick<
    Store,
    | 'commitTransitions'
    | 'commitViewerSamples'
    | 'commitDecisions'
    | 'saveSnapshots'
    | 'listTransitions'
    | 'counters'
  >
  engine: Pick<HealthEngine, 'get'>
  /** Seq of the newest event folded into the engine (restored from the store at start). */
  appliedSeq(): number
  /** Deliveries are held (no signing secret): the hold's size is followed from the store. */
  holding(): boolean
  counters: Pick<ReceiverCountersMirror, 'syncHold'>
  /** The hold's size or state changed under retention. */
  onHoldChanged(): void
  intervalMs?: number
  log: Logger
}

export interface Persistence {
  /** A stream's snapshot changed: saved with the next round. */
  streamChanged(id: string): void
  /** New transitions: saved with the next round, listed meanwhile. */
  transitions(list: readonly Transition[]): void
  /** A viewer-count reading: saved with the next round. */
  viewerSample(sample: StoredViewerSample): void
  /** Notification decisions, raised or suppressed: saved with the next round. */
  decisions(list: readonly Decision[]): void
  /** Saved and not yet saved transitions, like the store's list. */
  listTransitions(query: TransitionQuery): Promise<Transition[]>
  /** Saves what is pending now (after the round under way). */
  flush(): Promise<void>
  /** No more rounds and no pauses between chunks; `close` saves what is left. */
  stop(): void
  close(): Promise<void>
}

export function startPersistence(options: PersistenceOptions): Persistence {
  const { store, engine, log } = options
  const dirty = new Set<string>()
  const pending: Transition[] = []
  const samples: StoredViewerSample[] = []
  const decided: Decision[] = []
  /** Transitions taken out of `pending` whose commit has not finished yet. */
  let saving: Transition[] = []
  let persistedSeq = options.appliedSeq()
  let stopped = false

  async function persist(): Promise<void> {
    const transitions = pending.splice(0)
    // Small rows, one write each per round; a failed round keeps them for the next.
    const readings = samples.splice(0)
    const decisions = decided.splice(0)
    try {
      if (readings.length > 0) await store.commitViewerSamples(readings)
      if (decisions.length > 0) await store.commitDecisions(decisions)
    } catch (error) {
      samples.unshift(...readings)
      decided.unshift(...decisions)
      throw error
    }
    const throughSeq = options.appliedSeq()
    const ids = [...dirty]
    dirty.clear()
    const snaps = ids.map((id) => engine.get(id)).filter((s) => s !== undefined)
    saving = transitions
    try {
      for (let i = 0; i < transitions.length; i += PERSIST_CHUNK) {
        await store.commitTransitions(transitions.slice(i, i + PERSIST_CHUNK))
      }
    } finally {
      saving = []
    }
    if (snaps.length === 0 && throughSeq === persistedSeq) return
    for (let i = 0; i < snaps.length || i === 0; i += PERSIST_CHUNK) {
      const last = i + PERSIST_CHUNK >= snaps.length
      await store.saveSnapshots(snaps.slice(i, i + PERSIST_CHUNK), last ? throughSeq : persistedSeq)
      // Spread the work: event commits waiting behind a long run of snapshot writes would stall acks.
      if (!last && !stopped) await sleep(PERSIST_PAUSE_MS)
    }
    persistedSeq = throughSeq
  }

  // Retention drops held deliveries past the age limit in the store's writer: follow the hold.
  async function followHold(): Promise<void> {
    if (!options.holding() || stopped) return
    if (options.counters.syncHold(await store.counters())) options.onHoldChanged()
  }

  let persisting: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    persisting = persisting.then(persist).catch((error: unknown) => {
      log.error(`could not persist stream snapshots: ${(error as Error).message}`)
    })
    void followHold().catch((error: unknown) => log.warn(`hold status not read: ${(error as Error).message}`))
  }, options.intervalMs ?? 10_000)
  timer.unref()

  function stop(): void {
    stopped = true
    clearInterval(timer)
  }

  return {
    streamChanged: (id) => dirty.add(id),
    transitions(list) {
      pending.push(...list)
    },
    viewerSample: (sample) => samples.push(sample),
    decisions(list) {
      decided.push(...list)
    },
    // Transitions are saved in the background every few seconds: the ones not saved yet count too.
    async listTransitions(query) {
      const unsaved = [...saving, ...pending].filter((t) => inRange(t, query))
      const saved = await store.listTransitions(query)
      return unsaved.length === 0 ? saved : newestFirst(saved, unsaved, clampLimit(query.limit))
    },
    async flush() {
      await persisting
      await persist()
    },
    stop,
    async close() {
      stop()
      await persisting
      await persist().catch((error: unknown) =>
        log.error(`final persist failed: ${(error as Error).message}`),
      )
    },
  }
}

function inRange(t: Transition, q: TransitionQuery): boolean {
  return (
    (q.streamId === undefined || t.streamId === q.streamId) &&
    (q.from === undefined || t.at >= q.from) &&
    (q.to === undefined || t.at < q.to)
  )
}

const transitionKey = (t: Transition): string =>
  `${t.streamId}|${t.targetId}|${t.at}|${t.toHealth}|${t.toStatus}|${t.eventId}|${t.cause}`

/** Saved and unsaved transitions as one list, newest first like the store's, without doubles. */
function newestFirst(saved: Transition[], unsaved: Transition[], limit: number): Transition[] {
  const seen = new Set(saved.map(transitionKey))
  const fresh = unsaved
    .filter((t) => !seen.has(transitionKey(t)))
    .reverse()
    // The store keeps no encoder-link fields: answer the same shape before and after saving.
    .map(({ fromConnection: _from, toConnection: _to, ...rest }) => rest)
  const merged = [...saved, ...fresh]
  return merged.sort((a, b) => b.at - a.at).slice(0, limit)
}
