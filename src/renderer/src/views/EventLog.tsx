import { RelativeTime } from '../components/RelativeTime.tsx'
import { eventTypeLabel, shortId } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../stores/monitor-store.ts'

const SHOWN = 200

/** Placeholder until the full event log (virtualized, filters, JSON detail) lands: the newest live events. */
export function EventLog(): React.JSX.Element {
  const events = useMonitor((s) => s.liveEvents)
  const names = useMonitor((s) => s.streams)
  return (
    <section className="page" aria-labelledby="events-title" data-testid="event-log">
      <h1 id="events-title">Events</h1>
      <p className="coming">
        Coming: the full event log — every stored event, filters, search inside payloads and a JSON detail
        pane. Until then, the newest events received while this page is open:
      </p>
      {events.length === 0 ? (
        <p className="muted">No events received since this page opened.</p>
      ) : (
        <ol className="event-list">
          {events.slice(0, SHOWN).map((e) => (
            <li key={e.id}>
              <RelativeTime at={e.receivedAt} className="muted small nowrap" />
              <span className="event-type" title={e.type}>
                {eventTypeLabel(e.type)}
              </span>
              {e.streamId ? (
                <a href={hrefOf({ view: 'stream', id: e.streamId })}>
                  {names[e.streamId]?.name ?? shortId(e.streamId)}
                </a>
              ) : null}
              {e.verification === 'unverified' ? <span className="tag tag-warn">unverified</span> : null}
              {e.duplicateCount > 0 ? <span className="tag">delivered {e.duplicateCount + 1}×</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
