import { memo, useMemo } from 'react'
import { eventTypeLabel, formatAbsolute, formatAgo, shortId } from '../lib/format.ts'
import type { LogRow } from '../state/events-rows.ts'

/** Fixed row height: no measuring, so 100,000 rows cost the same as 100. */
export const EVENT_ROW_HEIGHT = 34

export type EventTone = 'good' | 'bad' | 'start' | 'quiet' | 'neutral'

/** What an event type means at a glance (colour always comes with the type's words). */
export function eventTone(type: string): EventTone {
  const last = type.slice(type.lastIndexOf('.') + 1)
  switch (last) {
    case 'active':
    case 'connected':
    case 'broadcasting':
    case 'enabled':
      return 'good'
    case 'disconnected':
    case 'disabled':
    case 'deleted':
      return 'bad'
    case 'preparing':
    case 'starting':
    case 'recording':
      return 'start'
    case 'idle':
      return 'quiet'
    default:
      return 'neutral'
  }
}

export function optionId(id: string): string {
  return `event-option-${id}`
}

interface Props {
  row: LogRow
  selected: boolean
  /** The stream's name, when the monitor knows it. */
  name: string | null
  /** The simulcast target's display name (see targetNameOf); null without a target. */
  targetName: string | null
  /** The monitor's clock, for "12 s ago". */
  now: number
  onPick(id: string): void
}

/**
 * The cells of a row, kept flat and free of store subscriptions (the list passes the
 * name and the clock): a fast scroll mounts dozens of these per frame, and rows pushed
 * down by new events skip rendering altogether.
 */
const RowCells = memo(function RowCells({
  row,
  name,
  targetName,
  now,
}: {
  row: LogRow
  name: string | null
  targetName: string | null
  now: number
}): React.JSX.Element {
  const [iso, title] = useMemo(
    () => [new Date(row.receivedAt).toISOString(), formatAbsolute(row.receivedAt)],
    [row.receivedAt],
  )
  return (
    <>
      <time className="ev-cell ev-time" dateTime={iso} title={title}>
        {formatAgo(row.receivedAt, now)}
      </time>
      <span className={`ev-cell ev-type tone-${eventTone(row.type)}`} title={row.type}>
        {eventTypeLabel(row.type)}
      </span>
      {row.streamId ? (
        <span className="ev-cell ev-stream" title={row.streamId}>
          {name ?? `Stream ${shortId(row.streamId)}`}
        </span>
      ) : (
        <span className="ev-cell ev-stream muted">—</span>
      )}
      {row.simulcastId ? (
        <span className="ev-cell ev-target" title={`simulcast target ${row.simulcastId}`}>
          {targetName ?? shortId(row.simulcastId)}
        </span>
      ) : (
        <span className="ev-cell ev-target" />
      )}
      <span className="ev-cell ev-tags">
        {row.verification === 'unverified' ? (
          <span className="tag tag-warn" title="held until a signing secret is set">
            unverified
          </span>
        ) : null}
        {row.duplicateCount > 0 ? (
          <span className="tag" title={`${row.duplicateCount} repeated deliveries of this event`}>
            delivered {row.duplicateCount + 1}×
          </span>
        ) : null}
      </span>
    </>
  )
})

/**
 * One event in the log: when, what, which stream (and target), how it was delivered.
 * It carries no position: the rows in view sit in normal flow under one offset (see
 * EventLogList), so an event landing on top inserts one row and re-renders none.
 */
export const EventLogRow = memo(function EventLogRow({
  row,
  selected,
  name,
  targetName,
  now,
  onPick,
}: Props): React.JSX.Element {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox takes the keys (arrows, Enter) for every option
    <div
      role="option"
      id={optionId(row.id)}
      aria-selected={selected}
      tabIndex={-1}
      className={`ev-row${selected ? ' selected' : ''}`}
      data-testid="event-row"
      data-event-id={row.id}
      data-event-type={row.type}
      data-stream-id={row.streamId ?? undefined}
      onClick={() => onPick(row.id)}
    >
      <RowCells row={row} name={name} targetName={targetName} now={now} />
    </div>
  )
})
