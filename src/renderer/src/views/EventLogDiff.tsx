import type { MonitorEvent } from '../../../shared/domain.ts'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { eventTypeLabel } from '../lib/format.ts'
import type { DiffEntry, DiffKind, JsonDiff } from '../lib/json-diff.ts'
import { previewOf } from '../lib/json-path.ts'
import type { EventDetail } from '../state/events-detail.ts'
import { formatAge } from './EventLogFacts.tsx'

/** Envelope fields that differ between any two deliveries: listed apart, in one quiet line. */
const ROUTINE = new Set(['id', 'webhookId', 'request_id', 'createdAt', 'created_at', 'attempts'])

const SIGN: Record<DiffKind, string> = { added: '+', removed: '−', changed: '~' }
const WORD: Record<DiffKind, string> = { added: 'added', removed: 'removed', changed: 'changed' }

function DiffRow({ entry }: { entry: DiffEntry }): React.JSX.Element {
  return (
    <li className={`diff-row diff-${entry.kind}`} data-kind={entry.kind} data-path={entry.path}>
      <span className="diff-sign" aria-hidden="true" title={WORD[entry.kind]}>
        {SIGN[entry.kind]}
      </span>
      <span className="visually-hidden">{WORD[entry.kind]}</span>
      <code className="diff-path">{entry.path}</code>
      <span className="diff-values">
        {entry.kind !== 'added' ? <code className="diff-before">{previewOf(entry.before, 120)}</code> : null}
        {entry.kind === 'changed' ? <span aria-hidden="true"> → </span> : null}
        {entry.kind !== 'removed' ? <code className="diff-after">{previewOf(entry.after, 120)}</code> : null}
      </span>
    </li>
  )
}

/** What changed in the payload since the previous event of the same stream. */
export function EventLogDiff({
  event,
  previous,
  diff,
  onOpen,
}: {
  event: MonitorEvent
  previous: EventDetail['previous']
  diff: JsonDiff | null
  onOpen(id: string): void
}): React.JSX.Element {
  const subject = event.simulcastId ? 'simulcast target' : 'stream'
  let body: React.ReactNode
  if (previous.state === 'loading') body = <p className="muted">Looking for the previous event…</p>
  else if (previous.state === 'error') body = <p className="error">Could not load the previous event.</p>
  else if (previous.state === 'none' || !previous.event || !diff)
    body = (
      <p className="muted">
        {event.streamId
          ? `This is the oldest stored event of this ${subject}: nothing to compare with.`
          : 'This event belongs to no stream: nothing to compare with.'}
      </p>
    )
  else {
    const prev = previous.event
    const meaningful = diff.entries.filter((e) => !ROUTINE.has(e.path))
    const routine = diff.entries.filter((e) => ROUTINE.has(e.path))
    body = (
      <>
        <p className="muted small">
          Compared with{' '}
          <button type="button" className="link-button" onClick={() => onOpen(prev.id)}>
            {eventTypeLabel(prev.type)}
          </button>{' '}
          received <RelativeTime at={prev.receivedAt} /> ({formatAge(event.receivedAt - prev.receivedAt)}{' '}
          earlier).
        </p>
        {meaningful.length === 0 ? (
          <p>Same payload{routine.length > 0 ? ' apart from the delivery envelope' : ''}.</p>
        ) : (
          <ul className="diff-list" aria-label="Changed paths">
            {meaningful.map((entry) => (
              <DiffRow key={`${entry.kind}:${entry.path}`} entry={entry} />
            ))}
          </ul>
        )}
        {routine.length > 0 ? (
          <p className="muted small diff-routine">
            Different in every delivery, as expected:{' '}
            {routine.map((e, i) => (
              <span key={e.path} data-path={e.path} data-kind={e.kind}>
                {i > 0 ? ', ' : ''}
                <code title={`${previewOf(e.before)} → ${previewOf(e.after)}`}>{e.path}</code>
              </span>
            ))}
          </p>
        ) : null}
        {diff.truncated ? (
          <p className="muted small">Only the first {diff.entries.length} changes are shown.</p>
        ) : null}
      </>
    )
  }
  return (
    <section
      className="ev-section"
      data-testid="event-diff"
      data-state={previous.state}
      aria-labelledby="ev-diff-title"
    >
      <h3 id="ev-diff-title">Changes since the previous event of this {subject}</h3>
      {body}
    </section>
  )
}
