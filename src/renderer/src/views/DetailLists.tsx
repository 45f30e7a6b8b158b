import type {
  MonitorEvent,
  SimulcastTargetSnapshot,
  StreamSnapshot,
  Transition,
} from '../../../shared/domain.ts'
import { targetIdName } from '../../../shared/target-name.ts'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { TargetChip } from '../components/TargetChip.tsx'
import { eventTypeLabel } from '../lib/format.ts'
import { TARGET_WORD } from '../lib/words.ts'

const CAUSE_WORD: Record<Transition['cause'], string> = {
  event: 'event',
  clock: 'clock',
  reconcile: 'reconciled (missed events)',
}

const RECENT_EVENTS_SHOWN = 50

function whatOf(t: Transition, targets: Map<string, SimulcastTargetSnapshot>): string {
  if (!t.targetId) return 'stream'
  return targets.get(t.targetId)?.displayName ?? targetIdName(t.targetId)
}

function change(t: Transition): string {
  const status = t.fromStatus !== t.toStatus ? `${t.fromStatus ?? '—'} → ${t.toStatus}` : t.toStatus
  if (t.targetId || !t.toConnection || t.fromConnection === t.toConnection) return status
  return `${status}, encoder ${t.fromConnection ?? '—'} → ${t.toConnection}`
}

function HealthChange({ t }: { t: Transition }): React.JSX.Element | null {
  // A target change that left the stream's health alone: the Change column says it all.
  if (t.targetId && t.fromHealth === t.toHealth) return null
  return (
    <>
      {t.fromHealth && t.fromHealth !== t.toHealth ? (
        <>
          <HealthBadge health={t.fromHealth} /> →{' '}
        </>
      ) : null}
      <HealthBadge health={t.toHealth} />
    </>
  )
}

export function TransitionList({
  transitions,
  stream,
}: {
  transitions: Transition[]
  stream: StreamSnapshot
}): React.JSX.Element {
  const targets = new Map(stream.simulcastTargets.map((t) => [t.id, t]))
  const newest = [...transitions].reverse()
  if (newest.length === 0) return <p className="muted">No changes in this time range.</p>
  return (
    <table className="table" data-testid="transition-list">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Health</th>
          <th scope="col">Change</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {newest.map((t) => (
          <tr
            key={`${t.targetId ?? ''}|${t.at}|${t.toStatus}|${t.toHealth}|${t.eventId ?? t.cause}`}
            data-testid="transition-row"
            data-target={t.targetId ? 'target' : 'stream'}
            data-to-health={t.toHealth}
            data-to-status={t.toStatus}
          >
            <td>
              <RelativeTime at={t.at} />
            </td>
            <td>{whatOf(t, targets)}</td>
            <td className="nowrap">
              <HealthChange t={t} />
            </td>
            <td>{change(t)}</td>
            <td>
              {t.reason}
              {t.cause !== 'event' ? <span className="muted small"> ({CAUSE_WORD[t.cause]})</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function TargetList({ targets }: { targets: SimulcastTargetSnapshot[] }): React.JSX.Element {
  if (targets.length === 0) return <p className="muted">This stream has no simulcast targets.</p>
  return (
    <ul className="target-list" data-testid="target-list">
      {targets.map((t) => (
        <li key={t.id} data-testid="target-row" data-target-id={t.id} data-state={t.state}>
          <div className="target-head">
            <TargetChip target={t} />
            {t.enabled ? null : <span className="muted small">disabled</span>}
          </div>
          <div className="small">
            <code className="muted">{t.destination ?? t.id}</code>
          </div>
          <div className="small">
            {t.state === t.reportedState ? (
              <>
                {TARGET_WORD[t.state]} since <RelativeTime at={t.stateSince} />
              </>
            ) : (
              <>
                {TARGET_WORD[t.state]} (last reported {TARGET_WORD[t.reportedState]}{' '}
                <RelativeTime at={t.stateSince} />)
              </>
            )}
            {t.reason ? <span> — {t.reason}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  )
}

export function RecentEvents({ events }: { events: MonitorEvent[] }): React.JSX.Element {
  if (events.length === 0) return <p className="muted">No events in this time range.</p>
  const shown = events.slice(0, RECENT_EVENTS_SHOWN)
  return (
    <>
      <ol className="event-list" data-testid="recent-events">
        {shown.map((e) => (
          <li key={e.id} data-testid="recent-event" data-event-type={e.type}>
            <RelativeTime at={e.occurredAt} className="muted small nowrap" />
            <span className="event-type" title={e.type}>
              {eventTypeLabel(e.type)}
            </span>
            {e.verification === 'unverified' ? <span className="tag tag-warn">unverified</span> : null}
            {e.duplicateCount > 0 ? <span className="tag">delivered {e.duplicateCount + 1}×</span> : null}
          </li>
        ))}
      </ol>
      {events.length > shown.length ? (
        <p className="muted small">
          {events.length - shown.length} more in this range — <a href="#/events">open the event log</a>
        </p>
      ) : null}
    </>
  )
}
