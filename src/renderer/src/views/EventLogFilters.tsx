import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { eventTypeLabel, formatCount } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import {
  DELIVERY_WORD,
  type DeliveryFilter,
  eventFiltersActive,
  KNOWN_EVENT_TYPES,
  RANGE_WORD,
  type TimeRange,
} from '../state/events-filters.ts'
import { selectStreamOptions } from '../state/events-selectors.ts'
import { useMonitor } from '../state/monitor.ts'

const SEARCH_DEBOUNCE_MS = 300
const RANGES = Object.keys(RANGE_WORD) as TimeRange[]
const DELIVERIES = Object.keys(DELIVERY_WORD) as DeliveryFilter[]

/** Search inside payloads: applied 300 ms after the last keystroke, or at once on Enter. */
function PayloadSearch(): React.JSX.Element {
  const applied = useMonitor((s) => s.eventLog.filters.text)
  const setFilters = useMonitor((s) => s.setEventFilters)
  const [draft, setDraft] = useState(applied)
  const lastApplied = useRef(applied)
  useEffect(() => {
    // Cleared from elsewhere ("Clear filters"): show it.
    if (applied !== lastApplied.current) {
      lastApplied.current = applied
      setDraft(applied)
    }
  }, [applied])
  useEffect(() => {
    if (draft === lastApplied.current) return
    const timer = setTimeout(() => {
      lastApplied.current = draft
      setFilters({ text: draft })
    }, SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [draft, setFilters])
  return (
    <input
      type="search"
      className="search"
      data-search
      data-testid="event-search"
      aria-label="Search inside event payloads"
      placeholder="Search payloads   ( / )"
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && draft !== lastApplied.current) {
          lastApplied.current = draft
          setFilters({ text: draft })
        }
      }}
    />
  )
}

/** Event types as a checkbox menu (any number of them). */
function TypeMenu(): React.JSX.Element {
  const types = useMonitor((s) => s.eventLog.filters.types)
  const setFilters = useMonitor((s) => s.setEventFilters)
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDetailsElement | null>(null)
  useEffect(() => {
    if (!open) return
    const onDown = (event: PointerEvent): void => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])
  const all = [...new Set([...KNOWN_EVENT_TYPES, ...types])]
  const toggle = (type: string): void =>
    setFilters({ types: types.includes(type) ? types.filter((t) => t !== type) : [...types, type] })
  const summary =
    types.length === 0
      ? 'All types'
      : types.length === 1
        ? eventTypeLabel(types[0] ?? '')
        : `${types.length} types`
  return (
    <details
      ref={ref}
      className="ev-menu"
      data-testid="event-filter-type"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault()
          setOpen(false)
        }
      }}
    >
      <summary className={types.length > 0 ? 'active' : undefined}>Type: {summary}</summary>
      <fieldset className="ev-menu-panel">
        <legend className="visually-hidden">Event types</legend>
        {all.map((type) => (
          <label key={type} className="ev-menu-item" title={type}>
            <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />
            {eventTypeLabel(type)}
          </label>
        ))}
        {types.length > 0 ? (
          <button type="button" className="link-button" onClick={() => setFilters({ types: [] })}>
            All types
          </button>
        ) : null}
      </fieldset>
    </details>
  )
}

const toLocalInput = (at: number | null): string => {
  if (at === null) return ''
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}
const fromLocalInput = (value: string): number | null => {
  const at = value ? new Date(value).getTime() : Number.NaN
  return Number.isFinite(at) ? at : null
}

function TimeFilter(): React.JSX.Element {
  const { range, from, to } = useMonitor(
    useShallow((s) => ({
      range: s.eventLog.filters.range,
      from: s.eventLog.filters.from,
      to: s.eventLog.filters.to,
    })),
  )
  const setFilters = useMonitor((s) => s.setEventFilters)
  return (
    <>
      <select
        aria-label="Received"
        className={range !== 'any' ? 'active' : undefined}
        data-testid="event-filter-range"
        value={range}
        onChange={(event) => setFilters({ range: event.target.value as TimeRange })}
      >
        {RANGES.map((r) => (
          <option key={r} value={r}>
            {RANGE_WORD[r]}
          </option>
        ))}
      </select>
      {range === 'custom' ? (
        <span className="ev-range">
          <input
            type="datetime-local"
            aria-label="Received from"
            data-testid="event-filter-from"
            value={toLocalInput(from)}
            onChange={(event) => setFilters({ from: fromLocalInput(event.target.value) })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="datetime-local"
            aria-label="Received before"
            data-testid="event-filter-to"
            value={toLocalInput(to)}
            onChange={(event) => setFilters({ to: fromLocalInput(event.target.value) })}
          />
        </span>
      ) : null}
    </>
  )
}

/** Follow live / paused, and the way back up to what arrived meanwhile. */
function FollowControls(): React.JSX.Element {
  const { following, pendingCount } = useMonitor(
    useShallow((s) => ({ following: s.eventLog.following, pendingCount: s.eventLog.pendingCount })),
  )
  const setFollowing = useMonitor((s) => s.setFollowing)
  return (
    <span className="ev-follow-group">
      {!following && pendingCount > 0 ? (
        <button
          type="button"
          className="ev-new"
          data-testid="event-new-count"
          onClick={() => setFollowing(true)}
        >
          ↑ {formatCount(pendingCount)} new {pendingCount === 1 ? 'event' : 'events'}
        </button>
      ) : null}
      <button
        type="button"
        className={following ? 'ev-follow on' : 'ev-follow'}
        aria-pressed={following}
        data-testid="event-follow"
        title={
          following ? 'New events appear on top. Click to pause.' : 'Paused. Click to follow live again.'
        }
        onClick={() => setFollowing(!following)}
      >
        <span className="ev-follow-dot" aria-hidden="true" />
        {following ? 'Following live' : 'Paused'}
      </button>
    </span>
  )
}

// Each control reads only its own slice of the store: a batch that adds rows re-renders
// the count, not the <select>s (React re-selects every <option> of a re-rendered select).

function StreamFilter(): React.JSX.Element {
  const streamId = useMonitor((s) => s.eventLog.filters.streamId)
  const streams = useMonitor(selectStreamOptions)
  const setFilters = useMonitor((s) => s.setEventFilters)
  const known = streamId === null || streams.some((o) => o.id === streamId)
  return (
    <select
      aria-label="Stream"
      className={streamId ? 'active' : undefined}
      data-testid="event-filter-stream"
      value={streamId ?? ''}
      onChange={(event) => setFilters({ streamId: event.target.value || null })}
    >
      <option value="">All streams</option>
      {known ? null : <option value={streamId ?? ''}>{streamId}</option>}
      {streams.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  )
}

function DeliveryFilterSelect(): React.JSX.Element {
  const delivery = useMonitor((s) => s.eventLog.filters.delivery)
  const setFilters = useMonitor((s) => s.setEventFilters)
  return (
    <select
      aria-label="Delivery"
      className={delivery !== 'all' ? 'active' : undefined}
      data-testid="event-filter-verification"
      value={delivery}
      onChange={(event) => setFilters({ delivery: event.target.value as DeliveryFilter })}
    >
      {DELIVERIES.map((d) => (
        <option key={d} value={d}>
          {DELIVERY_WORD[d]}
        </option>
      ))}
    </select>
  )
}

function EventCount(): React.JSX.Element {
  const { loaded, more } = useMonitor(
    useShallow((s) => ({ loaded: s.eventLog.rows.length, more: s.eventLog.next !== null })),
  )
  return (
    <span className="toolbar-count muted" data-testid="event-count">
      {formatCount(loaded)}
      {more ? '+' : ''} {loaded === 1 && !more ? 'event' : 'events'}
    </span>
  )
}

/** Search, filters, the rejected shortcut and follow-live for the event log. */
export function EventLogFilters(): React.JSX.Element {
  const active = useMonitor((s) => eventFiltersActive(s.eventLog.filters))
  const rejected = useMonitor((s) => s.receiver?.rejected ?? 0)
  const clear = useMonitor((s) => s.clearEventFilters)
  return (
    <search className="toolbar ev-toolbar">
      <PayloadSearch />
      <TypeMenu />
      <StreamFilter />
      <TimeFilter />
      <DeliveryFilterSelect />
      <a className="ev-rejected-link" href={hrefOf({ view: 'rejected' })} data-testid="event-rejected-link">
        Rejected{rejected > 0 ? ` (${formatCount(rejected)})` : ''} →
      </a>
      {active ? (
        <button type="button" className="link-button" onClick={clear}>
          Clear filters
        </button>
      ) : null}
      <EventCount />
      <FollowControls />
    </search>
  )
}
