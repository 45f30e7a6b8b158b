import type { MonitorEvent } from '../../../shared/domain.ts'
import { CopyButton } from '../components/CopyButton.tsx'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { formatAbsoluteMs, formatDuration, shortId } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import { targetNameOf } from '../state/events-selectors.ts'
import { useMonitor } from '../state/monitor.ts'

/** "120 ms", "2.4 s", "3 min 5 s"; an event time ahead of ours says so. */
export function formatAge(ms: number): string {
  const abs = Math.abs(ms)
  const text =
    abs < 1_000
      ? `${Math.round(abs)} ms`
      : abs < 60_000
        ? `${(abs / 1000).toFixed(1)} s`
        : formatDuration(abs)
  return ms < 0 ? `event time is ${text} ahead of our clock` : text
}

/** Delivery facts of one event: when, how late, how often, how trusted, which stream. */
export function Facts({ event }: { event: MonitorEvent }): React.JSX.Element {
  const streamName = useMonitor((s) => (event.streamId ? (s.streams[event.streamId]?.name ?? null) : null))
  const targetName = useMonitor((s) => targetNameOf(s.streams, event.streamId, event.simulcastId))
  const dup = event.duplicateCount
  return (
    <dl className="facts ev-facts" data-testid="event-facts">
      <div>
        <dt>Received</dt>
        <dd data-testid="event-received">
          {formatAbsoluteMs(event.receivedAt)} <RelativeTime at={event.receivedAt} className="muted small" />
        </dd>
      </div>
      <div>
        <dt>Event time</dt>
        <dd>{formatAbsoluteMs(event.occurredAt)}</dd>
      </div>
      <div>
        <dt title="received at − event time">Age at receipt</dt>
        <dd data-testid="event-age">{formatAge(event.receivedAt - event.occurredAt)}</dd>
      </div>
      <div>
        <dt>Delivered</dt>
        <dd data-testid="event-deliveries">
          {dup === 0 ? 'once' : `${dup + 1} times (${dup} ${dup === 1 ? 'duplicate' : 'duplicates'})`}
        </dd>
      </div>
      <div>
        <dt>Signature</dt>
        <dd data-testid="event-signature" data-verification={event.verification}>
          {event.verification === 'verified' ? (
            <span className="ev-verified">✓ verified</span>
          ) : (
            <span className="tag tag-warn">unverified — held until a signing secret is set</span>
          )}
        </dd>
      </div>
      {event.streamId ? (
        <div>
          <dt>Stream</dt>
          <dd>
            <a href={hrefOf({ view: 'stream', id: event.streamId })}>
              {streamName ?? `Stream ${shortId(event.streamId)}`}
            </a>{' '}
            <code className="short-id" title={event.streamId}>
              {shortId(event.streamId)}
            </code>
          </dd>
        </div>
      ) : null}
      {event.simulcastId ? (
        <div>
          <dt>Simulcast target</dt>
          <dd data-testid="event-target">
            {targetName !== shortId(event.simulcastId) ? <>{targetName} </> : null}
            <code className="short-id" title={event.simulcastId}>
              {shortId(event.simulcastId)}
            </code>
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Event id</dt>
        <dd>
          <code className="short-id">{event.id}</code> <CopyButton text={event.id} label="event id" compact />
        </dd>
      </div>
    </dl>
  )
}
