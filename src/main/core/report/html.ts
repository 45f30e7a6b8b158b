// A broadcast report as one self-contained HTML page (no script, no external file): the
// charts are inline SVG, so it prints to PDF as it looks. Light on paper, dark where the
// reader's system asks for it.
import type { Health } from '../../../shared/domain.ts'
import type { BroadcastReport } from '../../../shared/report.ts'
import {
  endedWords,
  HEALTH_WORDS,
  healthRows,
  OUTAGE_WORDS,
  plural,
  span,
  title,
  type Wording,
  wording,
} from './words.ts'

const esc = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

const BAND: Readonly<Record<Health, string>> = {
  healthy: 'var(--healthy)',
  degraded: 'var(--degraded)',
  down: 'var(--down)',
  unknown: 'var(--unknown)',
  offline: 'var(--unknown)',
}

const W = 880
const PAD = { left: 52, right: 16, top: 14, bottom: 30 }

interface Axis {
  x(iso: string): number
  ticks: { at: number; label: string }[]
}

/** A time axis across the broadcast with 4–8 ticks on round minutes. */
function timeAxis(b: BroadcastReport['broadcast'], w: Wording): Axis {
  const start = Date.parse(b.startedAt)
  const length = Math.max(1, b.durationMs)
  const inner = W - PAD.left - PAD.right
  const x = (iso: string): number =>
    PAD.left + (Math.min(Math.max(Date.parse(iso) - start, 0), length) / length) * inner
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440].map((m) => m * 60_000)
  const step = steps.find((s) => length / s <= 8) ?? (steps[steps.length - 1] as number)
  const ticks: Axis['ticks'] = []
  for (let at = Math.ceil(start / step) * step; at <= start + length; at += step) {
    const iso = new Date(at).toISOString()
    ticks.push({ at: x(iso), label: w.time(iso).slice(0, 5) })
  }
  return { x, ticks }
}

function viewerChart(b: BroadcastReport['broadcast'], w: Wording): string {
  const height = 220
  const axis = timeAxis(b, w)
  const bottom = height - PAD.bottom
  const peak = Math.max(1, ...b.viewerSamples.map((v) => v.count))
  const magnitude = 10 ** Math.floor(Math.log10(peak))
  const top = Math.ceil(peak / magnitude) * magnitude
  const y = (count: number): number => bottom - (count / top) * (bottom - PAD.top)
  const parts: string[] = []
  for (const h of b.healthSpans) {
    const x0 = axis.x(h.startedAt)
    const x1 = axis.x(new Date(Date.parse(h.startedAt) + h.durationMs).toISOString())
    parts.push(
      `<rect class="band" x="${x0.toFixed(1)}" y="${PAD.top}" width="${Math.max(0.5, x1 - x0).toFixed(1)}" height="${bottom - PAD.top}" fill="${BAND[h.health]}"><title>${esc(`${HEALTH_WORDS[h.health]} from ${w.time(h.startedAt)} for ${span(h.durationMs)}: ${h.reason}`)}</title></rect>`,
    )
  }
  for (const v of [0, top / 2, top]) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text class="tick" x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString('en-US')}</text>`,
    )
  }
  for (const t of axis.ticks) {
    parts.push(
      `<text class="tick" x="${t.at.toFixed(1)}" y="${height - 10}" text-anchor="middle">${t.label}</text>`,
    )
  }
  if (b.viewerSamples.length > 0) {
    const points = b.viewerSamples.map((v) => `${axis.x(v.at).toFixed(1)},${y(v.count).toFixed(1)}`).join(' ')
    parts.push(`<polyline class="line" points="${points}"/>`)
  } else {
    parts.push(
      `<text class="tick" x="${W / 2}" y="${(bottom + PAD.top) / 2}" text-anchor="middle">No viewer counts kept</text>`,
    )
  }
  for (const d of b.disconnects) {
    const x = axis.x(d.at).toFixed(1)
    parts.push(
      `<line class="disconnect" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${bottom}"><title>${esc(`Disconnect at ${w.time(d.at)}`)}</title></line>`,
    )
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-label="Viewers over the broadcast, with health behind and disconnects marked">${parts.join('')}</svg>`
}

function targetChart(b: BroadcastReport['broadcast'], w: Wording): string {
  if (b.targets.length === 0) return ''
  const lane = 26
  const height = PAD.top + b.targets.length * lane + PAD.bottom
  const axis = timeAxis(b, w)
  const parts: string[] = []
  b.targets.forEach((t, i) => {
    const top = PAD.top + i * lane
    parts.push(
      `<rect class="lane" x="${PAD.left}" y="${top + 4}" width="${W - PAD.left - PAD.right}" height="${lane - 8}"/>`,
      `<text class="tick" x="${PAD.left - 6}" y="${top + lane / 2 + 4}" text-anchor="end">${esc(t.name.slice(0, 8))}</text>`,
    )
    for (const o of t.outages) {
      const x0 = axis.x(o.startedAt)
      const x1 = axis.x(new Date(Date.parse(o.startedAt) + o.durationMs).toISOString())
      parts.push(
        `<rect class="outage ${esc(o.state)}" x="${x0.toFixed(1)}" y="${top + 4}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${lane - 8}"><title>${esc(`${t.name}: ${OUTAGE_WORDS[o.state] ?? o.state} from ${w.time(o.startedAt)} for ${span(o.durationMs)}`)}</title></rect>`,
      )
    }
  })
  for (const t of axis.ticks) {
    parts.push(
      `<text class="tick" x="${t.at.toFixed(1)}" y="${height - 10}" text-anchor="middle">${t.label}</text>`,
    )
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-label="Simulcast target outages over the broadcast">${parts.join('')}</svg>`
}

const STYLE = `
:root { --fg:#1b1f24; --muted:#5b6470; --bg:#fff; --rule:#d8dde3; --line:#1f5fbf;
  --healthy:#d9f2e1; --degraded:#fdebc8; --down:#f8d0d0; --unknown:#e6e8eb; --disc:#c62828; --lane:#f1f3f5;
  --stalled:#e0822b; --waiting:#a0a7b1; --disabled:#6b7280; }
@media (prefers-color-scheme: dark) { :root { --fg:#e7eaee; --muted:#9aa3ad; --bg:#14171b; --rule:#2b3138;
  --line:#7fb0ff; --healthy:#17362a; --degraded:#3d3117; --down:#45201f; --unknown:#262a30; --disc:#ff6b6b;
  --lane:#1d2126; --stalled:#ff9f4a; --waiting:#6b7280; --disabled:#9aa3ad; } }
@media print { :root { --bg:#fff; --fg:#000; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  max-width: 920px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.muted { color: var(--muted); } table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; gap: 24px; flex-wrap: wrap; } .figures div { min-width: 120px; }
.figures b { display: block; font-size: 20px; font-variant-numeric: tabular-nums; }
.chart { width: 100%; height: auto; display: block; margin: 8px 0; }
.chart .tick { fill: var(--muted); font-size: 11px; } .chart .grid { stroke: var(--rule); stroke-width: 1; }
.chart .line { fill: none; stroke: var(--line); stroke-width: 2; } .chart .disconnect { stroke: var(--disc); stroke-width: 2; stroke-dasharray: 4 3; }
.chart .lane { fill: var(--lane); } .chart .outage.stalled { fill: var(--stalled); } .chart .outage.waiting { fill: var(--waiting); }
.chart .outage.disabled { fill: var(--disabled); }
.legend span { display: inline-block; margin-right: 14px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
.raised { font-weight: 600; } .late { border-left: 4px solid var(--stalled); padding-left: 8px; } .suppressed { color: var(--muted); }
`

export function reportHtml(r: BroadcastReport, timeZone: string): string {
  const w = wording(timeZone)
  const b = r.broadcast
  const lag = b.delivery.lagMs
  const ms = (v: number | null): string => (v === null ? '—' : span(v))
  const rows = (cells: string[][]): string => cells.map((c) => `<tr>${c.join('')}</tr>`).join('')
  const legend = (['healthy', 'degraded', 'down', 'unknown'] as const)
    .map((h) => `<span><i style="background:${BAND[h]}"></i>${HEALTH_WORDS[h]}</span>`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title(r))}</title><style>${STYLE}</style></head><body>
<h1>${esc(title(r))}</h1>
<p class="muted">${esc(w.dateTime(b.startedAt))} → ${b.endedAt ? esc(w.dateTime(b.endedAt)) : 'now'} · ${span(b.durationMs)} · ${esc(endedWords(b))}<br>
Stream <code>${esc(r.stream.id)}</code> · reconnect window ${b.reconnectWindowSec} s</p>
${b.late ? `<p class="late"><b>Started late:</b> expected live at ${esc(b.late.expected)}; late from ${w.time(b.late.since)}, live ${span(b.late.byMs)} after that.</p>` : ''}
<div class="figures">
<div>Duration<b>${span(b.durationMs)}</b></div>
<div>Disconnects<b>${b.disconnects.length}</b></div>
<div>Peak viewers<b>${b.viewers.peak === null ? '—' : b.viewers.peak.toLocaleString('en-US')}</b></div>
<div>Average viewers<b>${b.viewers.average === null ? '—' : b.viewers.average.toLocaleString('en-US')}</b></div>
<div>Delivery lag p95<b>${ms(lag.p95)}</b></div>
</div>
<h2>Viewers and health</h2>
${viewerChart(b, w)}
<p class="legend muted">${legend}<span><i style="background:var(--disc)"></i>Disconnect</span></p>
<table><thead><tr><th>State</th><th class="num">Time</th><th class="num">Share</th></tr></thead><tbody>
${rows(healthRows(b).map((h) => [`<td>${HEALTH_WORDS[h.health]}</td>`, `<td class="num">${span(h.ms)}</td>`, `<td class="num">${h.share}</td>`]))}
</tbody></table>
<h2>Disconnects (${b.disconnects.length})</h2>
${
  b.disconnects.length === 0
    ? '<p>None: the encoder stayed connected.</p>'
    : `<table><thead><tr><th>At</th><th class="num">Away</th><th>Outcome</th><th class="num">Viewers then</th></tr></thead><tbody>${rows(
        b.disconnects.map((d) => [
          `<td>${w.time(d.at)}</td>`,
          `<td class="num">${d.durationMs === null ? 'still away' : span(d.durationMs)}</td>`,
          `<td>${d.reconnected ? 'reconnected in time' : 'did not reconnect in time'}</td>`,
          `<td class="num">${d.viewersAtStart === null ? '—' : d.viewersAtStart.toLocaleString('en-US')}</td>`,
        ]),
      )}</tbody></table>`
}
${b.flapping.map((f) => `<p><b>Flapping</b> ${w.time(f.startedAt)}–${w.time(f.endedAt)} (${span(f.durationMs)}): ${plural(f.disconnects, 'disconnect')}</p>`).join('')}
<h2>Simulcast targets (${b.targets.length})</h2>
${targetChart(b, w)}
${
  b.targets.length === 0
    ? '<p>None.</p>'
    : `<table><thead><tr><th>Target</th><th>Outages</th></tr></thead><tbody>${rows(
        b.targets.map((t) => [
          `<td>${esc(t.name)}</td>`,
          `<td>${t.outages.length === 0 ? 'no outage' : t.outages.map((o) => esc(`${OUTAGE_WORDS[o.state] ?? o.state} ${span(o.durationMs)} from ${w.time(o.startedAt)}`)).join('<br>')}</td>`,
        ]),
      )}</tbody></table>`
}
<h2>Notifications (${b.notifications.length})</h2>
${
  b.notifications.length === 0
    ? '<p>None decided.</p>'
    : `<table><thead><tr><th>At</th><th>Rule</th><th>Outcome</th><th>What / why</th></tr></thead><tbody>${rows(
        b.notifications.map((n) => [
          `<td>${w.time(n.at)}</td>`,
          `<td>${esc(n.rule)}</td>`,
          `<td class="${n.raised ? 'raised' : 'suppressed'}">${n.raised ? 'raised' : 'suppressed'}</td>`,
          `<td>${esc(n.reason)}</td>`,
        ]),
      )}</tbody></table>`
}
<h2>Reconciler corrections (${b.corrections.length})</h2>
${
  b.corrections.length === 0
    ? '<p>None: the webhooks told the whole story.</p>'
    : `<ul>${b.corrections
        .map((c) => {
          const what = c.targetId === null ? 'stream' : `target ${c.targetId}`
          const change =
            c.from === null || c.from === c.to ? `${what} is ${c.to}` : `${what}: ${c.from} → ${c.to}`
          const missed = c.missed.length === 0 ? '' : ` (missed: ${c.missed.join('; ')})`
          return `<li>${w.time(c.at)} — ${esc(change + missed)}</li>`
        })
        .join('')}</ul>`
}
<h2>Delivery</h2>
<p>${plural(b.delivery.events, 'event')} · lag p50 ${ms(lag.p50)}, p95 ${ms(lag.p95)}, max ${ms(lag.max)} · ${plural(b.delivery.duplicates, 'duplicate')} · ${b.delivery.outOfOrder.toLocaleString('en-US')} out of order</p>
<p class="muted">Times in ${esc(w.zone)}. Made by FastPix Live Monitor from the events it stored.</p>
</body></html>
`
}
