import { memo } from 'react'
import type { StreamSnapshot } from '../../../shared/domain.ts'
import type { StreamSchedule } from '../../../shared/schedule.ts'
import { CopyButton } from '../components/CopyButton.tsx'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { ReconnectCountdown, TimeInState } from '../components/RelativeTime.tsx'
import { TargetChip } from '../components/TargetChip.tsx'
import { formatCount, shortId } from '../lib/format.ts'
import { nextLabel } from '../lib/schedule-words.ts'
import { CONNECTION_WORD, healthClass } from '../lib/words.ts'
import { hrefOf, navigate } from '../router.ts'
import { useServerNow } from '../state/clock.ts'

export function streamLabel(stream: Pick<StreamSnapshot, 'name' | 'id'>): string {
  return stream.name ?? `Stream ${shortId(stream.id)}`
}

interface Props {
  stream: StreamSnapshot
  selected: boolean
  /** The row Tab lands on (the selected one, else the first). */
  tabbable: boolean
  index: number
  onSelect(id: string): void
  /** Set by the virtualized list: position and size measurement. */
  style?: React.CSSProperties
  measureRef?: (element: HTMLElement | null) => void
}

/** "· next: Sun 10:00", in the schedule's zone. */
function NextSlot({ schedule }: { schedule: StreamSchedule }): React.JSX.Element | null {
  const now = useServerNow()
  const label = nextLabel(schedule, now)
  if (label === null) return null
  return (
    <span className="muted small" data-testid="stream-next" data-watch={schedule.watch ?? undefined}>
      {' · '}
      {label}
    </span>
  )
}

/** One stream on the board: what it is, how it is, since when, and why. */
export const StreamRow = memo(function StreamRow({
  stream,
  selected,
  tabbable,
  index,
  onSelect,
  style,
  measureRef,
}: Props): React.JSX.Element {
  const label = streamLabel(stream)
  const targets = stream.simulcastTargets.filter((t) => t.state !== 'deleted')
  return (
    <li
      className={`stream-item ${healthClass(stream.health)}${selected ? ' selected' : ''}${stream.status === 'deleted' ? ' deleted' : ''}`}
      data-testid="stream-row"
      data-stream-id={stream.id}
      data-stream-name={label}
      data-health={stream.health}
      data-status={stream.status}
      data-index={index}
      aria-label={`${label}: ${stream.health}, ${stream.healthReason}`}
      aria-current={selected ? 'true' : undefined}
      tabIndex={tabbable ? 0 : -1}
      style={style}
      ref={measureRef}
      onFocus={() => {
        if (!selected) onSelect(stream.id)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget) {
          event.preventDefault()
          navigate({ view: 'stream', id: stream.id })
        }
      }}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('a,button')) return
        navigate({ view: 'stream', id: stream.id })
      }}
    >
      <div className="stream-row">
        <div className="row-health">
          <HealthBadge health={stream.health} testId="stream-health" />
          <TimeInState since={stream.healthSince} className="muted small" />
        </div>
        <div className="row-main">
          <div className="row-title">
            <a
              className="stream-name"
              href={hrefOf({ view: 'stream', id: stream.id })}
              data-testid="stream-name"
            >
              {label}
            </a>
            <code className="short-id" title={stream.id}>
              {shortId(stream.id)}
            </code>
            <CopyButton text={stream.id} label={`stream id of ${label}`} compact />
          </div>
          <div className="row-reason">
            <span data-testid="stream-reason">{stream.healthReason}</span>
            {stream.health === 'down' && stream.reconnectDeadline !== null ? (
              <>
                {' · '}
                <ReconnectCountdown deadline={stream.reconnectDeadline} />
              </>
            ) : null}
            {stream.schedule ? <NextSlot schedule={stream.schedule} /> : null}
          </div>
        </div>
        <div className="row-status">
          <span className={`status-word status-${stream.status}`} data-testid="stream-status">
            {stream.status}
          </span>
          <span
            className={`connection-word connection-word-${stream.connection}`}
            data-testid="stream-connection"
          >
            {CONNECTION_WORD[stream.connection]}
          </span>
        </div>
        <div className="row-flags">
          {stream.recording ? (
            <span className="rec" data-testid="stream-recording" title="recording">
              <span aria-hidden="true">●</span> REC
            </span>
          ) : null}
          {stream.viewerCount !== null ? (
            <span className="viewers" data-testid="viewer-count" title="viewers now">
              {formatCount(stream.viewerCount)} {stream.viewerCount === 1 ? 'viewer' : 'viewers'}
            </span>
          ) : null}
        </div>
        <div className="row-targets">
          {targets.length === 0 ? (
            <span className="muted small">no simulcast</span>
          ) : (
            targets.map((t) => <TargetChip key={t.id} target={t} />)
          )}
        </div>
      </div>
    </li>
  )
})
