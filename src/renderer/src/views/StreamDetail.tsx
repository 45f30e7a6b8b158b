import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { CopyButton } from '../components/CopyButton.tsx'
import { StreamChart } from '../components/charts/StreamChart.tsx'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { MuteControl } from '../components/NotificationControls.tsx'
import { ReconnectCountdown, RelativeTime, TimeInState } from '../components/RelativeTime.tsx'
import { Segmented } from '../components/Segmented.tsx'
import { formatCount } from '../lib/format.ts'
import { CONNECTION_WORD } from '../lib/words.ts'
import { hrefOf } from '../router.ts'
import { useServerNow } from '../state/clock.ts'
import { HISTORY_RANGES, type HistoryRange, RANGE_MS } from '../state/history.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectStream } from '../state/selectors.ts'
import { RecentEvents, TargetList, TransitionList } from './DetailLists.tsx'
import { PastBroadcasts } from './PastBroadcasts.tsx'
import { ScheduleEditor } from './ScheduleEditor.tsx'
import { StreamActions } from './StreamActions.tsx'
import { streamLabel } from './StreamRow.tsx'
import { Timeline } from './Timeline.tsx'

const RANGE_WORD: Record<HistoryRange, string> = { '1h': '1 h', '6h': '6 h', '24h': '24 h' }

function History({ id }: { id: string }): React.JSX.Element | null {
  const stream = useMonitor(selectStream(id))
  const history = useMonitor((s) => (s.history?.streamId === id ? s.history : null))
  const { loadHistory, closeHistory } = useMonitor(
    useShallow((s) => ({ loadHistory: s.loadHistory, closeHistory: s.closeHistory })),
  )
  const [range, setRange] = useState<HistoryRange>('1h')
  const now = useServerNow()

  useEffect(() => {
    void loadHistory(id, range)
  }, [id, range, loadHistory])
  useEffect(() => closeHistory, [closeHistory])

  if (!stream) return null
  const from = now - RANGE_MS[range]
  const visible = history ? history.transitions.filter((t) => t.at >= from) : []
  // A stream first seen inside the range: start the timeline there instead of drawing a long blank.
  const firstSeen = history?.transitions.find((t) => t.targetId === null && t.fromHealth === null)?.at ?? null
  const start =
    firstSeen !== null && firstSeen > from
      ? Math.max(from, firstSeen - Math.max(10_000, (now - firstSeen) * 0.03))
      : from
  return (
    <>
      <section className="panel" aria-labelledby="timeline-title">
        <div className="panel-head">
          <h2 id="timeline-title">Timeline</h2>
          <Segmented<HistoryRange>
            legend="Time range"
            options={HISTORY_RANGES}
            value={range}
            onChange={setRange}
            word={(r) => `last ${RANGE_WORD[r]}`}
            testIdPrefix="range-"
          />
        </div>
        {history?.state === 'error' ? (
          <p className="error" role="alert">
            Could not load the history: {history.error}{' '}
            <button type="button" className="link-button" onClick={() => void loadHistory(id, range)}>
              Try again
            </button>
          </p>
        ) : null}
        {history === null || history.state === 'loading' ? (
          <p className="muted" data-testid="history-loading">
            Loading the last {RANGE_WORD[range]}…
          </p>
        ) : (
          <Timeline
            stream={stream}
            transitions={history.transitions}
            events={history.events}
            from={start}
            to={now}
          />
        )}
        {history?.state === 'ready' && start > from && firstSeen !== null ? (
          <p className="muted small">
            First seen <RelativeTime at={firstSeen} />; the timeline starts there.
          </p>
        ) : null}
        {history?.truncated ? (
          <p className="muted small">
            Showing the newest {formatCount(history.events.length)} events of this range.
          </p>
        ) : null}
      </section>
      <div className="detail-columns">
        <section className="panel" aria-labelledby="transitions-title">
          <h2 id="transitions-title">Changes</h2>
          {history?.state === 'ready' ? <TransitionList transitions={visible} stream={stream} /> : null}
        </section>
        <div className="detail-side">
          <section className="panel" aria-labelledby="targets-title">
            <h2 id="targets-title">Simulcast targets</h2>
            <TargetList targets={stream.simulcastTargets} />
          </section>
          <section className="panel" aria-labelledby="events-title">
            <h2 id="events-title">Recent events</h2>
            {history?.state === 'ready' ? <RecentEvents events={history.events} /> : null}
          </section>
        </div>
      </div>
    </>
  )
}

/** One stream: how it is and why, and how it got there. */
export function StreamDetail({ id }: { id: string }): React.JSX.Element {
  const stream = useMonitor(selectStream(id))
  const load = useMonitor((s) => s.load)
  if (!stream) {
    return (
      <section className="detail" data-testid="stream-detail-missing">
        <a href={hrefOf({ view: 'board' })} className="back">
          ← All streams
        </a>
        <p className={load === 'loading' ? 'muted' : 'empty'}>
          {load === 'loading'
            ? 'Loading…'
            : 'This stream is not known to the monitor (it may have been removed).'}
        </p>
      </section>
    )
  }
  const label = streamLabel(stream)
  return (
    <section
      className="detail"
      data-testid="stream-detail"
      data-stream-id={id}
      aria-labelledby="detail-title"
    >
      <a href={hrefOf({ view: 'board' })} className="back">
        ← All streams <span className="muted small">(Esc)</span>
      </a>
      <header className={`detail-head health-edge-${stream.health}`}>
        <div className="detail-title-row">
          <h1 id="detail-title">{label}</h1>
          <code className="short-id">{stream.id}</code>
          <CopyButton text={stream.id} label="stream id" compact />
        </div>
        <div className="detail-health-row">
          <HealthBadge health={stream.health} testId="detail-health" large />
          <span className="detail-reason" data-testid="detail-reason">
            {stream.healthReason}
          </span>
          {stream.health === 'down' && stream.reconnectDeadline !== null ? (
            <ReconnectCountdown deadline={stream.reconnectDeadline} />
          ) : null}
          <TimeInState since={stream.healthSince} className="muted" />
        </div>
        <dl className="facts">
          <div>
            <dt>status</dt>
            <dd data-testid="detail-status">
              {stream.status}
              {stream.statusSince !== null ? (
                <span className="muted">
                  {' '}
                  (<RelativeTime at={stream.statusSince} />)
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>encoder</dt>
            <dd>{CONNECTION_WORD[stream.connection]}</dd>
          </div>
          <div>
            <dt>recording</dt>
            <dd>{stream.recording ? 'yes' : 'no'}</dd>
          </div>
          <div>
            <dt>viewers</dt>
            <dd>{stream.viewerCount === null ? 'unknown' : formatCount(stream.viewerCount)}</dd>
          </div>
          <div>
            <dt>disconnects (recent)</dt>
            <dd>{stream.recentDisconnects.length}</dd>
          </div>
          <div>
            <dt>last event</dt>
            <dd>
              {stream.lastEventAt !== null ? <RelativeTime at={stream.lastEventAt} /> : 'none'}
              {stream.lastEventType ? <span className="muted small"> {stream.lastEventType}</span> : null}
            </dd>
          </div>
        </dl>
        <MuteControl streamId={id} />
      </header>
      <StreamActions stream={stream} name={label} />
      <ScheduleEditor stream={stream} />
      <StreamChart streamId={id} />
      <History id={id} />
      <PastBroadcasts id={id} />
    </section>
  )
}
