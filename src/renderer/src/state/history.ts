// The stream detail's history: transitions and events of one stream over a time range,
// loaded through MonitorApi and kept live by the batches that follow.
import type { UpdateBatch } from '../../../shared/api.ts'
import type { MonitorEvent, Transition } from '../../../shared/domain.ts'
import { storeApi } from './api-ref.ts'
import { mergeEvents } from './live-events.ts'
import { mergeTransitions } from './transitions.ts'

export type HistoryRange = '1h' | '6h' | '24h'
export const HISTORY_RANGES: readonly HistoryRange[] = ['1h', '6h', '24h']
export const RANGE_MS: Record<HistoryRange, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 }

const MAX_EVENT_PAGES = 5
const HISTORY_EVENT_LIMIT = 5_000
const HISTORY_TRANSITION_LIMIT = 5_000

export interface StreamHistory {
  streamId: string
  range: HistoryRange
  /** Start of the range on the server's clock. */
  from: number
  state: 'loading' | 'ready' | 'error'
  error: string | null
  /** Oldest first. */
  transitions: Transition[]
  /** Newest first. */
  events: MonitorEvent[]
  /** More events exist in the range than were loaded. */
  truncated: boolean
}

export interface HistorySlice {
  history: StreamHistory | null
  loadHistory(streamId: string, range: HistoryRange): Promise<void>
  closeHistory(): void
}

interface HistoryDeps {
  history: StreamHistory | null
  clockOffset: number
}

type Get = () => HistoryDeps
type Set = (
  partial: { history: StreamHistory | null } | ((s: HistoryDeps) => { history: StreamHistory | null }),
) => void

export function createHistorySlice(set: Set, get: Get): HistorySlice {
  return {
    history: null,
    async loadHistory(streamId, range) {
      const from = Date.now() + get().clockOffset - RANGE_MS[range]
      const start: StreamHistory = {
        streamId,
        range,
        from,
        state: 'loading',
        error: null,
        transitions: [],
        events: [],
        truncated: false,
      }
      set({ history: start })
      const isCurrent = (h: StreamHistory | null): h is StreamHistory =>
        h?.streamId === streamId && h.from === from
      try {
        const api = storeApi()
        const [transitions, page] = await Promise.all([
          api.listTransitions({ streamId, from, limit: HISTORY_TRANSITION_LIMIT }),
          loadEvents(streamId, from),
        ])
        set((s) =>
          isCurrent(s.history)
            ? {
                history: {
                  ...s.history,
                  state: 'ready',
                  transitions: mergeTransitions(
                    s.history.transitions,
                    transitions.filter((t) => t.streamId === streamId),
                    HISTORY_TRANSITION_LIMIT,
                  ),
                  events: mergeEvents(s.history.events, page.events, HISTORY_EVENT_LIMIT),
                  truncated: page.truncated,
                },
              }
            : { history: s.history },
        )
      } catch (error) {
        set((s) =>
          isCurrent(s.history)
            ? { history: { ...s.history, state: 'error', error: (error as Error).message } }
            : { history: s.history },
        )
      }
    },
    closeHistory: () => set({ history: null }),
  }
}

async function loadEvents(
  streamId: string,
  from: number,
): Promise<{ events: MonitorEvent[]; truncated: boolean }> {
  const api = storeApi()
  const events: MonitorEvent[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_EVENT_PAGES; page++) {
    const result = await api.listEvents({ streamId, from, limit: 1000, cursor })
    events.push(...result.events)
    if (!result.nextCursor) return { events, truncated: false }
    cursor = result.nextCursor
  }
  return { events, truncated: true }
}

/** Live batches extend the open history (only what belongs to its stream and range). */
export function historyOnBatch(history: StreamHistory | null, batch: UpdateBatch): StreamHistory | null {
  if (!history || history.state === 'error') return history
  const transitions = batch.transitions.filter((t) => t.streamId === history.streamId && t.at >= history.from)
  const events = batch.events.filter((e) => e.streamId === history.streamId)
  if (transitions.length === 0 && events.length === 0) return history
  return {
    ...history,
    transitions: mergeTransitions(history.transitions, transitions, HISTORY_TRANSITION_LIMIT),
    events: mergeEvents(history.events, events, HISTORY_EVENT_LIMIT),
  }
}
