// The event log's detail pane: one event with its redacted payload, and the previous
// event of the same stream to diff against.

import type { MonitorEvent } from '../../../shared/domain.ts'
import { SIMULCAST } from '../../../shared/event-types.ts'
import { storeApi } from './api-ref.ts'
import { KNOWN_EVENT_TYPES } from './events-filters.ts'

export interface EventDetail {
  id: string
  state: 'loading' | 'ready' | 'missing' | 'error'
  error: string | null
  event: MonitorEvent | null
  previous: {
    /** `none`: the event has no stream, or nothing stored before it about the same stream or target. */
    state: 'loading' | 'ready' | 'none' | 'error'
    event: MonitorEvent | null
  }
}

export interface EventDetailSlice {
  eventDetail: EventDetail | null
  openEventDetail(id: string): Promise<void>
  closeEventDetail(): void
}

type Set = (
  partial:
    | { eventDetail: EventDetail | null }
    | ((s: { eventDetail: EventDetail | null }) => { eventDetail: EventDetail | null }),
) => void

/** Enough rows to step over same-millisecond events and the stream's other simulcast targets. */
const PREVIOUS_LOOKAHEAD = 50

/**
 * What an event is compared with: the previous event about the same thing — the stream
 * itself, or the same simulcast target (a target's event against the stream's is noise).
 */
export function sameSubject(a: MonitorEvent, b: MonitorEvent): boolean {
  const targetA = a.simulcastId ?? (a.type.startsWith(SIMULCAST) ? '' : null)
  const targetB = b.simulcastId ?? (b.type.startsWith(SIMULCAST) ? '' : null)
  return a.streamId === b.streamId && targetA === targetB
}

/** The event types that can be about the same subject as `event`. */
export function subjectTypes(event: MonitorEvent): string[] {
  const target = event.simulcastId !== null || event.type.startsWith(SIMULCAST)
  const types = KNOWN_EVENT_TYPES.filter((t) => t.startsWith(SIMULCAST) === target)
  return types.includes(event.type) ? types : [...types, event.type]
}

/**
 * The subject's event just before `event`: the page is newest first (store order) and
 * ends at `event.receivedAt`, so the previous one follows `event` in it.
 */
export function previousIn(event: MonitorEvent, page: MonitorEvent[]): MonitorEvent | null {
  const at = page.findIndex((e) => e.id === event.id)
  const older =
    at >= 0 ? page.slice(at + 1) : page.filter((e) => e.id !== event.id && e.receivedAt <= event.receivedAt)
  return older.find((e) => sameSubject(e, event)) ?? null
}

export function createEventDetailSlice(set: Set): EventDetailSlice {
  let request = 0
  const update = (mine: number, fn: (d: EventDetail) => EventDetail): void =>
    set((s) => (mine === request && s.eventDetail ? { eventDetail: fn(s.eventDetail) } : s))

  return {
    eventDetail: null,
    async openEventDetail(id) {
      const mine = ++request
      set({
        eventDetail: {
          id,
          state: 'loading',
          error: null,
          event: null,
          previous: { state: 'loading', event: null },
        },
      })
      let event: MonitorEvent | null
      try {
        event = await storeApi().getEvent(id)
      } catch (error) {
        update(mine, (d) => ({ ...d, state: 'error', error: (error as Error).message }))
        return
      }
      if (!event) {
        update(mine, (d) => ({ ...d, state: 'missing', previous: { state: 'none', event: null } }))
        return
      }
      const found = event
      const streamId = found.streamId
      update(mine, (d) => ({
        ...d,
        state: 'ready',
        event: found,
        previous: { state: streamId ? 'loading' : 'none', event: null },
      }))
      if (!streamId) return
      try {
        const page = await storeApi().listEvents({
          streamId,
          types: subjectTypes(found),
          to: found.receivedAt + 1,
          limit: PREVIOUS_LOOKAHEAD,
        })
        const previous = previousIn(found, page.events)
        update(mine, (d) => ({ ...d, previous: { state: previous ? 'ready' : 'none', event: previous } }))
      } catch {
        update(mine, (d) => ({ ...d, previous: { state: 'error', event: null } }))
      }
    },
    closeEventDetail() {
      request++
      set({ eventDetail: null })
    },
  }
}

/** A repeated delivery of the shown event: its duplicate count grows (the rest is the stored event). */
export function detailOnEvents(detail: EventDetail | null, events: MonitorEvent[]): EventDetail | null {
  const shown = detail?.event
  if (!detail || !shown) return detail
  const repeat = events.find((e) => e.id === shown.id)
  if (!repeat || repeat.duplicateCount <= shown.duplicateCount) return detail
  return { ...detail, event: { ...shown, duplicateCount: repeat.duplicateCount } }
}
