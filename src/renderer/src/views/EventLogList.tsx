import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Address } from '../components/WebhookAddress.tsx'
import { formatAgo } from '../lib/format.ts'
import { useTextWidth } from '../lib/measure.ts'
import { useServerNow } from '../state/clock.ts'
import { eventFiltersActive } from '../state/events-filters.ts'
import { targetNameOf } from '../state/events-selectors.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectWebhookAddresses } from '../state/workspace.ts'
import { EVENT_ROW_HEIGHT, EventLogRow, optionId } from './EventLogRow.tsx'

/** Start loading the next page this many rows before the end is reached. */
const LOAD_AHEAD = 60
/** Scrolled further down than this, the log stops following. */
const PAUSE_BELOW = EVENT_ROW_HEIGHT

const MINUTE = 60_000
const DAY = 1_440 * MINUTE
/** The longest ages the Received column can show: it is sized to fit them all. */
const LONGEST_AGES = [
  59_000,
  9 * MINUTE + 59_000,
  59 * MINUTE,
  23 * 60 * MINUTE + 59 * MINUTE,
  999 * DAY + 23 * 60 * MINUTE,
].map((age) => formatAgo(0, age))

function keyTargetOk(target: EventTarget | null, list: HTMLElement | null): boolean {
  if (!(target instanceof HTMLElement) || target === document.body) return true
  return list?.contains(target) ?? false
}

function EmptyLog(): React.JSX.Element {
  const active = useMonitor((s) => eventFiltersActive(s.eventLog.filters))
  const clear = useMonitor((s) => s.clearEventFilters)
  // A real workspace's public URL; its local receiver (labelled) only while there is none.
  const webhookUrl = useMonitor((s) => {
    const addresses = selectWebhookAddresses(s)
    return addresses.public ?? addresses.local
  })
  if (active) {
    return (
      <div className="empty muted" data-testid="event-empty">
        <p>No stored event matches these filters.</p>
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      </div>
    )
  }
  return (
    <div className="empty" data-testid="event-empty">
      <p>
        <strong>No deliveries yet.</strong> Events show up here as FastPix delivers them to your webhook URL:
      </p>
      {webhookUrl ? (
        <p className="ev-empty-url">
          <Address url={webhookUrl} label="webhook URL" />
        </p>
      ) : null}
    </div>
  )
}

function LoaderRow({ first }: { first: boolean }): React.JSX.Element {
  const { status, error, searching, next } = useMonitor(
    useShallow((s) => ({
      status: s.eventLog.status,
      error: s.eventLog.error,
      searching: s.eventLog.query.text !== undefined,
      next: s.eventLog.next !== null,
    })),
  )
  const loadMore = useMonitor((s) => s.loadMoreEvents)
  let body: React.ReactNode
  if (status === 'error') {
    body = (
      <span className="error" role="alert">
        Could not load events: {error}{' '}
        <button type="button" className="link-button" onClick={() => void loadMore()}>
          Try again
        </button>
      </span>
    )
  } else if (status === 'loading' || next) {
    body = searching ? `Searching ${first ? '' : 'older '}events…` : `Loading ${first ? '' : 'older '}events…`
  } else body = null
  return (
    <div className="ev-loader muted" aria-live="polite">
      {body}
    </div>
  )
}

/** Newest first, virtualized: only the rows in view (plus a few) are in the DOM. */
export function EventLogList(): React.JSX.Element {
  const { rows, next, status, following, generation, selectedId } = useMonitor(
    useShallow((s) => ({
      rows: s.eventLog.rows,
      next: s.eventLog.next,
      status: s.eventLog.status,
      following: s.eventLog.following,
      generation: s.eventLog.generation,
      selectedId: s.eventLog.selectedId,
    })),
  )
  const actions = useMonitor(
    useShallow((s) => ({
      loadMore: s.loadMoreEvents,
      setFollowing: s.setFollowing,
      select: s.selectEvent,
      openDetail: s.openEventDetail,
      closeDetail: s.closeEventDetail,
    })),
  )
  const streams = useMonitor((s) => s.streams)
  const now = useServerNow()
  const scrollRef = useRef<HTMLDivElement | null>(null)
  const listRef = useRef<HTMLDivElement | null>(null)
  const wrapRef = useRef<HTMLDivElement | null>(null)
  const receivedWidth = useTextWidth(wrapRef, 'ev-cell ev-time', LONGEST_AGES)
  const tail = next !== null || status === 'loading' || status === 'error'
  const virtualizer = useVirtualizer({
    count: rows.length + (tail ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => EVENT_ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? 'tail',
    overscan: 12,
    initialRect: { width: 1024, height: 700 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1

  // Page in older events as the end comes into view (a text search may answer short pages).
  useEffect(() => {
    if (next !== null && status === 'ready' && lastIndex >= rows.length - LOAD_AHEAD) void actions.loadMore()
  }, [lastIndex, rows.length, next, status, actions])

  // Following (again), or a fresh query: back to the top where new events land.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation means new rows from the top
  useEffect(() => {
    const el = scrollRef.current
    if (following && el && el.scrollTop > 0) el.scrollTop = 0
  }, [following, generation])

  const pick = useCallback(
    (id: string) => {
      actions.select(id)
      void actions.openDetail(id)
      listRef.current?.focus({ preventScroll: true })
    },
    [actions],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      const target = event.target
      const inSearch = target instanceof HTMLElement && target.dataset.search !== undefined
      if (!keyTargetOk(target, listRef.current) && !(inSearch && event.key === 'ArrowDown')) return
      const state = useMonitor.getState()
      const current = state.eventLog.selectedId
      const index = current ? rows.findIndex((r) => r.id === current) : -1
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / EVENT_ROW_HEIGHT) - 1)
      let to = -1
      if (event.key === 'ArrowDown') to = Math.min(rows.length - 1, index + 1)
      else if (event.key === 'ArrowUp') to = Math.max(0, index - 1)
      else if (event.key === 'PageDown') to = Math.min(rows.length - 1, index + page)
      else if (event.key === 'PageUp') to = Math.max(0, index - page)
      else if (event.key === 'Home') to = 0
      else if (event.key === 'End') to = rows.length - 1
      else if (event.key === 'Enter' && current && index >= 0) {
        event.preventDefault()
        void actions.openDetail(current)
        return
      } else return
      const row = rows[to]
      if (!row) return
      event.preventDefault()
      actions.select(row.id)
      if (state.eventDetail) void actions.openDetail(row.id)
      virtualizer.scrollToIndex(to, { align: 'auto' })
      listRef.current?.focus({ preventScroll: true })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [rows, actions, virtualizer])

  const onScroll = (): void => {
    const el = scrollRef.current
    if (el && following && el.scrollTop > PAUSE_BELOW) actions.setFollowing(false)
  }

  if (rows.length === 0 && status === 'ready' && next === null) return <EmptyLog />
  const selectedRendered = selectedId !== null && items.some((i) => rows[i.index]?.id === selectedId)
  return (
    <div
      className="ev-list-wrap"
      ref={wrapRef}
      style={
        receivedWidth > 0 ? ({ '--ev-time-w': `${receivedWidth + 1}px` } as React.CSSProperties) : undefined
      }
    >
      <div className="ev-row ev-head" aria-hidden="true">
        <span className="ev-cell">Received</span>
        <span className="ev-cell">Event</span>
        <span className="ev-cell">Stream</span>
        <span className="ev-cell ev-target">Target</span>
        <span className="ev-cell">Delivery</span>
      </div>
      <div className="ev-scroll" ref={scrollRef} onScroll={onScroll}>
        <div
          ref={listRef}
          role="listbox"
          tabIndex={0}
          aria-label="Events, newest first"
          aria-activedescendant={selectedRendered && selectedId ? optionId(selectedId) : undefined}
          className="ev-list"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {/* The rows in view are contiguous and of one height: one offset places them all. */}
          <div className="ev-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const row = rows[item.index]
              if (!row) return <LoaderRow key="tail" first={rows.length === 0} />
              return (
                <EventLogRow
                  key={item.key}
                  row={row}
                  selected={row.id === selectedId}
                  name={row.streamId ? (streams[row.streamId]?.name ?? null) : null}
                  targetName={targetNameOf(streams, row.streamId, row.simulcastId)}
                  now={now}
                  onPick={pick}
                />
              )
            })}
          </div>
        </div>
      </div>
    </div>
  )
}
