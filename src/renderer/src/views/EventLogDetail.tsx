import { useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { MonitorEvent } from '../../../shared/domain.ts'
import { CopyButton } from '../components/CopyButton.tsx'
import { eventTypeLabel } from '../lib/format.ts'
import { diffJson, diffMarks } from '../lib/json-diff.ts'
import { prettyJson } from '../lib/json-tree.ts'
import { useMonitor } from '../state/monitor.ts'
import { EventLogDiff } from './EventLogDiff.tsx'
import { Facts } from './EventLogFacts.tsx'
import { type ExpandMode, JsonTree } from './EventLogJson.tsx'

function Payload({ event, marks }: { event: MonitorEvent; marks: ReturnType<typeof diffMarks> | null }) {
  const [expand, setExpand] = useState<ExpandMode>('auto')
  const [version, setVersion] = useState(0)
  const set = (mode: ExpandMode): void => {
    setExpand(mode)
    setVersion(version + 1)
  }
  return (
    <section className="ev-section" aria-labelledby="ev-payload-title">
      <div className="panel-head">
        <h3 id="ev-payload-title">Payload (secrets redacted)</h3>
        <span className="ev-tools">
          <button type="button" className="link-button" onClick={() => set('all')}>
            Expand all
          </button>
          <button type="button" className="link-button" onClick={() => set('none')}>
            Collapse all
          </button>
          <CopyButton text={prettyJson(event.payload)} label="redacted JSON" testId="event-copy-json" />
        </span>
      </div>
      <JsonTree
        key={`${event.id}:${version}`}
        value={event.payload}
        expand={expand}
        marks={marks}
        label="Redacted payload"
      />
    </section>
  )
}

/** The selected event: delivery facts, the redacted JSON and what changed since the stream's previous event. */
export function EventLogDetail(): React.JSX.Element | null {
  const detail = useMonitor((s) => s.eventDetail)
  const { open, close } = useMonitor(
    useShallow((s) => ({ open: s.openEventDetail, close: s.closeEventDetail })),
  )
  const event = detail?.event ?? null
  const previous = detail?.previous.event ?? null
  const diff = useMemo(
    () => (event && previous ? diffJson(previous.payload, event.payload) : null),
    [event, previous],
  )
  const marks = useMemo(() => (diff ? diffMarks(diff) : null), [diff])
  if (!detail) return null
  return (
    <aside
      className="ev-detail"
      data-testid="event-detail"
      data-event-id={detail.id}
      aria-labelledby="ev-detail-title"
    >
      <header className="ev-detail-head">
        <div className="ev-detail-title">
          <h2 id="ev-detail-title">{event ? eventTypeLabel(event.type) : 'Event'}</h2>
          {event ? <code className="muted small">{event.type}</code> : null}
        </div>
        <button
          type="button"
          className="ev-close"
          aria-label="Close the event detail (Esc)"
          title="Close (Esc)"
          onClick={close}
        >
          ✕
        </button>
      </header>
      {detail.state === 'loading' ? <p className="muted">Loading the event…</p> : null}
      {detail.state === 'error' ? (
        <p className="error" role="alert">
          Could not load this event: {detail.error}{' '}
          <button type="button" className="link-button" onClick={() => void open(detail.id)}>
            Try again
          </button>
        </p>
      ) : null}
      {detail.state === 'missing' ? (
        <p className="muted">This event is no longer stored (retention removes the oldest events).</p>
      ) : null}
      {event ? (
        <>
          <Facts event={event} />
          <Payload event={event} marks={marks} />
          <EventLogDiff event={event} previous={detail.previous} diff={diff} onOpen={(id) => void open(id)} />
        </>
      ) : null}
    </aside>
  )
}
