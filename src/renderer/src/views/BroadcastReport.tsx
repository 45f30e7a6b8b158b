import { useEffect, useState } from 'react'
import type { Health } from '../../../shared/domain.ts'
import type { BroadcastReport, ReportFormat } from '../../../shared/report.ts'
import { MAX_SERIES_SPAN_MS } from '../../../shared/series.ts'
import { type ChartWindow, StreamChart } from '../components/charts/StreamChart.tsx'
import { localTimeZone, saveFile } from '../lib/download.ts'
import { formatAbsolute, formatClock, formatCount, formatDuration } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import { storeApi } from '../state/api-ref.ts'

type State =
  | { state: 'loading' }
  | { state: 'ready'; report: BroadcastReport }
  | { state: 'error'; error: string }

const HEALTH_WORD: Record<Health, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
  offline: 'Offline',
}
const OUTAGE_WORD: Record<string, string> = {
  stalled: 'stalled',
  waiting: 'waiting for the encoder',
  disabled: 'disabled',
}
const FORMATS: readonly { format: ReportFormat; label: string }[] = [
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML (to print)' },
  { format: 'json', label: 'JSON' },
]

const at = (iso: string): number => Date.parse(iso)
const clock = (iso: string): string => formatClock(at(iso))
const ms = (v: number | null): string => (v === null ? '—' : v < 1000 ? `${v} ms` : formatDuration(v))

/** Health through the broadcast, as one band (the same spans the exported chart draws). */
function HealthStrip({ report }: { report: BroadcastReport }): React.JSX.Element {
  const b = report.broadcast
  const start = at(b.startedAt)
  const length = Math.max(1, b.durationMs)
  const pct = (t: number): number => (Math.min(Math.max(t - start, 0), length) / length) * 100
  return (
    <div className="tl-row" data-testid="report-health-strip">
      <div className="tl-label">Health</div>
      <div className="tl-track">
        {b.healthSpans.map((h) => (
          <div
            key={h.startedAt}
            className={`tl-seg seg-${h.health}`}
            data-state={h.health}
            style={{
              left: `${pct(at(h.startedAt))}%`,
              width: `${pct(at(h.startedAt) + h.durationMs) - pct(at(h.startedAt))}%`,
            }}
            title={`${HEALTH_WORD[h.health]} from ${clock(h.startedAt)} for ${formatDuration(h.durationMs)}: ${h.reason}`}
          />
        ))}
        {b.disconnects.map((d) => (
          <div
            key={d.at}
            className="tl-marker"
            style={{ left: `${pct(at(d.at))}%` }}
            title={`Disconnect at ${clock(d.at)}`}
          />
        ))}
      </div>
    </div>
  )
}

function Downloads({ id, number }: { id: string; number: number }): React.JSX.Element {
  const [busy, setBusy] = useState<ReportFormat | null>(null)
  const [error, setError] = useState<string | null>(null)
  const download = async (format: ReportFormat): Promise<void> => {
    setBusy(format)
    setError(null)
    try {
      saveFile(await storeApi().exportBroadcastReport(id, number, { format, tz: localTimeZone() }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="report-downloads">
      <span className="muted">Download:</span>
      {FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          data-testid={`download-${format}`}
          disabled={busy !== null}
          onClick={() => void download(format)}
        >
          {busy === format ? 'Preparing…' : label}
        </button>
      ))}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  )
}

/** The broadcast's own window (at least a minute; its last 8 days if it ran longer). */
function chartWindow(b: BroadcastReport['broadcast']): ChartWindow {
  const from = at(b.startedAt)
  if (b.endedAt === null) return { from, to: null }
  // The series is [from, to): one ms past the end keeps the event that ended the broadcast.
  const to = Math.max(at(b.endedAt) + 1, from + 60_000)
  return { from: Math.max(from, to - MAX_SERIES_SPAN_MS), to }
}

function Report({ report, id }: { report: BroadcastReport; id: string }): React.JSX.Element {
  const b = report.broadcast
  const lag = b.delivery.lagMs
  return (
    <>
      {b.late ? (
        <p className="report-late" data-testid="report-late">
          <b>Started late:</b> expected live at {b.late.expected}; late from {clock(b.late.since)}, live{' '}
          {formatDuration(b.late.byMs)} after that.
        </p>
      ) : null}
      <div className="report-figures">
        <div>
          Duration<b>{formatDuration(b.durationMs)}</b>
        </div>
        <div>
          Disconnects<b>{b.disconnects.length}</b>
        </div>
        <div>
          Peak viewers<b>{b.viewers.peak === null ? '—' : formatCount(b.viewers.peak)}</b>
        </div>
        <div>
          Average viewers<b>{b.viewers.average === null ? '—' : formatCount(b.viewers.average)}</b>
        </div>
        <div>
          Delivery lag p95<b>{ms(lag.p95)}</b>
        </div>
      </div>
      <StreamChart streamId={id} window={chartWindow(b)} title="Viewers and health during the broadcast" />
      <section className="panel" aria-labelledby="report-health">
        <h2 id="report-health">Health</h2>
        <div className="timeline">
          <HealthStrip report={report} />
        </div>
        <table className="report-table compact" data-testid="report-time-in-health">
          <tbody>
            {(Object.keys(HEALTH_WORD) as Health[])
              .filter((h) => h === 'healthy' || b.timeInHealthMs[h] > 0)
              .map((h) => (
                <tr key={h}>
                  <th scope="row">{HEALTH_WORD[h]}</th>
                  <td className="num">{formatDuration(b.timeInHealthMs[h])}</td>
                  <td className="num muted">
                    {b.durationMs > 0 ? `${((b.timeInHealthMs[h] / b.durationMs) * 100).toFixed(1)} %` : '—'}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      <div className="detail-columns">
        <section className="panel" aria-labelledby="report-disconnects" data-testid="report-disconnects">
          <h2 id="report-disconnects">Disconnects ({b.disconnects.length})</h2>
          {b.disconnects.length === 0 ? <p className="empty">None: the encoder stayed connected.</p> : null}
          <ul className="plain-list">
            {b.disconnects.map((d) => (
              <li key={d.at}>
                {clock(d.at)} — {d.durationMs === null ? 'still away' : formatDuration(d.durationMs)},{' '}
                {d.reconnected ? 'reconnected in time' : 'did not reconnect in time'}
                {d.viewersAtStart === null ? null : (
                  <span className="muted"> · {formatCount(d.viewersAtStart)} viewers when it began</span>
                )}
              </li>
            ))}
            {b.flapping.map((f) => (
              <li key={`flap-${f.startedAt}`}>
                <b>Flapping</b> {clock(f.startedAt)}–{clock(f.endedAt)}: {f.disconnects} disconnects
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="report-targets" data-testid="report-targets">
          <h2 id="report-targets">Simulcast targets ({b.targets.length})</h2>
          {b.targets.length === 0 ? <p className="empty">None.</p> : null}
          <ul className="plain-list">
            {b.targets.map((t) => (
              <li key={t.id}>
                <b>{t.name}</b>:{' '}
                {t.outages.length === 0
                  ? 'no outage'
                  : t.outages
                      .map(
                        (o) =>
                          `${OUTAGE_WORD[o.state] ?? o.state} ${formatDuration(o.durationMs)} from ${clock(o.startedAt)}`,
                      )
                      .join('; ')}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel" aria-labelledby="report-notifications" data-testid="report-notifications">
        <h2 id="report-notifications">Notifications ({b.notifications.length})</h2>
        {b.notifications.length === 0 ? <p className="empty">None decided.</p> : null}
        {b.notifications.length > 0 ? (
          <table className="report-table">
            <thead>
              <tr>
                <th>At</th>
                <th>Rule</th>
                <th>Outcome</th>
                <th>What / why</th>
              </tr>
            </thead>
            <tbody>
              {b.notifications.map((n, i) => (
                // Two decisions can share a time and a rule (a raise and its summary).
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once loaded
                <tr key={`${n.at}-${i}`}>
                  <td>{clock(n.at)}</td>
                  <td>{n.rule}</td>
                  <td className={n.raised ? '' : 'muted'}>{n.raised ? 'raised' : 'suppressed'}</td>
                  <td>{n.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <div className="detail-columns">
        <section className="panel" aria-labelledby="report-corrections" data-testid="report-corrections">
          <h2 id="report-corrections">Reconciler corrections ({b.corrections.length})</h2>
          {b.corrections.length === 0 ? (
            <p className="empty">None: the webhooks told the whole story.</p>
          ) : null}
          <ul className="plain-list">
            {b.corrections.map((c) => (
              <li key={`${c.at}-${c.targetId}`}>
                {clock(c.at)} — {c.targetId === null ? 'stream' : `target ${c.targetId}`}
                {c.from !== null && c.from !== c.to ? `: ${c.from} → ${c.to}` : ` is ${c.to}`}
                {c.missed.length > 0 ? <span className="muted"> (missed: {c.missed.join('; ')})</span> : null}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="report-delivery" data-testid="report-delivery">
          <h2 id="report-delivery">Delivery</h2>
          <p>
            {formatCount(b.delivery.events)} events · lag p50 {ms(lag.p50)}, p95 {ms(lag.p95)}, max{' '}
            {ms(lag.max)} · {formatCount(b.delivery.duplicates)} duplicates ·{' '}
            {formatCount(b.delivery.outOfOrder)} out of order
          </p>
        </section>
      </div>
      <p className="muted small">
        Stream <code>{id}</code> · reconnect window {b.reconnectWindowSec} s
      </p>
    </>
  )
}

/** One broadcast's story: what happened, what people were told, what had to be corrected. */
export function BroadcastReportView({ id, number }: { id: string; number: number }): React.JSX.Element {
  const [state, setState] = useState<State>({ state: 'loading' })
  useEffect(() => {
    let current = true
    storeApi()
      .getBroadcastReport(id, number)
      .then(
        (report) => current && setState({ state: 'ready', report }),
        (error: unknown) => current && setState({ state: 'error', error: (error as Error).message }),
      )
    return () => {
      current = false
    }
  }, [id, number])
  const report = state.state === 'ready' ? state.report : null
  return (
    <section className="detail" data-testid="broadcast-report" aria-labelledby="report-title">
      <a href={hrefOf({ view: 'stream', id })} className="back">
        ← {report?.stream.name ?? 'The stream'}
      </a>
      <header className="detail-head">
        <div className="detail-title-row">
          <h1 id="report-title">
            {report ? `${report.stream.name ?? id} — broadcast ${number}` : `Broadcast ${number}`}
          </h1>
        </div>
        {report ? (
          <p className="muted">
            {formatAbsolute(at(report.broadcast.startedAt))} →{' '}
            {report.broadcast.endedAt ? formatAbsolute(at(report.broadcast.endedAt)) : 'now (live)'}
          </p>
        ) : null}
        <Downloads id={id} number={number} />
      </header>
      {state.state === 'loading' ? <p className="muted">Loading the report…</p> : null}
      {state.state === 'error' ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      {report ? <Report report={report} id={id} /> : null}
    </section>
  )
}
