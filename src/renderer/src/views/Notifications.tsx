import { useEffect, useState } from 'react'
import { type Decision, NOTIFY_RULE_LABELS } from '../../../shared/notify.ts'
import { MuteControl, PauseControl } from '../components/NotificationControls.tsx'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { shortId } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import { useServerNow } from '../state/clock.ts'
import { useMonitor } from '../state/monitor.ts'

type Filter = 'all' | 'raised' | 'suppressed'
const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'raised', label: 'Raised' },
  { id: 'suppressed', label: 'Suppressed' },
]

function ruleLabel(d: Decision): string {
  return d.rule === 'summary' ? 'Flap-damping summary' : NOTIFY_RULE_LABELS[d.rule]
}

function StreamName({ id }: { id: string }): React.JSX.Element {
  const name = useMonitor((s) => s.streams[id]?.name ?? null)
  return <a href={hrefOf({ view: 'stream', id })}>{name ?? shortId(id)}</a>
}

function ActiveMutes(): React.JSX.Element | null {
  const mutes = useMonitor((s) => s.notificationStatus?.mutes)
  const now = useServerNow()
  const live = Object.keys(mutes ?? {}).filter((id) => (mutes?.[id] ?? 0) > now)
  if (live.length === 0) return null
  return (
    <section className="panel" aria-labelledby="mutes-title" data-testid="active-mutes">
      <h2 id="mutes-title">Muted streams</h2>
      <ul className="mute-list">
        {live.map((id) => (
          <li key={id}>
            <StreamName id={id} />
            <MuteControl streamId={id} />
          </li>
        ))}
      </ul>
    </section>
  )
}

/** What the core decided to notify about, raised or suppressed, and why. */
export function Notifications(): React.JSX.Element {
  const log = useMonitor((s) => s.notificationLog)
  const load = useMonitor((s) => s.loadNotificationLog)
  const [filter, setFilter] = useState<Filter>('all')

  useEffect(() => {
    void load()
  }, [load])

  const items = filter === 'all' ? log.items : log.items.filter((d) => d.outcome === filter)
  return (
    <section className="page" aria-labelledby="notifications-title" data-testid="notifications-view">
      <h1 id="notifications-title">Notifications</h1>
      <p className="muted">
        Every notification the monitor decided on: raised ones appear as desktop notifications in the desktop
        app; suppressed ones say why (rule off, muted, paused, quiet hours, flap damping). Rules and quiet
        hours are in <a href={hrefOf({ view: 'settings' })}>Settings</a>.
      </p>
      <PauseControl />
      <ActiveMutes />
      <div className="panel-head">
        <h2>Log</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Show</legend>
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={filter === f.id}
              data-testid={`decisions-${f.id}`}
              onClick={() => setFilter(f.id)}
            >
              {f.label}
            </button>
          ))}
        </fieldset>
      </div>
      {log.state === 'error' ? (
        <p className="error" role="alert">
          Could not load the notification log: {log.error}{' '}
          <button type="button" className="link-button" onClick={() => void load()}>
            Try again
          </button>
        </p>
      ) : null}
      {items.length === 0 && log.state === 'loading' ? <p className="muted">Loading…</p> : null}
      {items.length === 0 && log.state === 'ready' ? (
        <p className="empty muted" data-testid="decisions-empty">
          {filter === 'all'
            ? 'Nothing yet. A stream going live, down, recovering or ending will show up here.'
            : `No ${filter} notifications in the log.`}
        </p>
      ) : null}
      {items.length > 0 ? (
        <table className="table" data-testid="decision-list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Stream</th>
              <th scope="col">Notification</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-testid="decision-row" data-outcome={d.outcome} data-rule={d.rule}>
                <td className="nowrap">
                  <RelativeTime at={d.at} />
                </td>
                <td>
                  {d.streamId ? <StreamName id={d.streamId} /> : <span className="muted">workspace</span>}
                </td>
                <td>
                  <strong>{d.title}</strong>
                  <div className="muted small">{d.body}</div>
                  <div className="muted small">{ruleLabel(d)}</div>
                </td>
                <td>
                  <span className={`decision-outcome ${d.outcome}`}>
                    {d.outcome === 'raised' ? 'Raised' : 'Suppressed'}
                  </span>
                  {d.why ? <div className="muted small">{d.why}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
