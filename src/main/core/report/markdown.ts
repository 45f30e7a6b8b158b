// A broadcast report as Markdown, to paste into Slack or a ticket: headings, short lists
// and small tables, every time in one named zone.
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

/** Text from records (names, reasons) that Markdown must not read as markup. */
const md = (text: string): string => text.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\s+/g, ' ')

export function reportMarkdown(r: BroadcastReport, timeZone: string): string {
  const w = wording(timeZone)
  const b = r.broadcast
  const out: string[] = []
  out.push(`# ${md(title(r))}`, '')
  out.push(
    `**${w.dateTime(b.startedAt)}** → ${b.endedAt ? `**${w.dateTime(b.endedAt)}**` : '**now**'} · ${span(b.durationMs)} · ${endedWords(b)}`,
    '',
  )
  out.push(`Stream \`${r.stream.id}\` · reconnect window ${b.reconnectWindowSec} s`, '')
  if (b.late) {
    out.push(
      `**Started late:** expected live at ${md(b.late.expected)}; late from ${w.time(b.late.since)}, live ${span(b.late.byMs)} after that.`,
      '',
    )
  }

  out.push('## Health', '', '| State | Time | Share |', '| --- | ---: | ---: |')
  for (const row of healthRows(b))
    out.push(`| ${HEALTH_WORDS[row.health]} | ${span(row.ms)} | ${row.share} |`)
  out.push('')

  out.push(`## Disconnects (${b.disconnects.length})`, '')
  if (b.disconnects.length === 0) out.push('None: the encoder stayed connected.')
  for (const d of b.disconnects) {
    const howLong = d.durationMs === null ? 'still away' : span(d.durationMs)
    const outcome = d.reconnected ? 'reconnected in time' : 'did not reconnect in time'
    const viewers = d.viewersAtStart === null ? '' : ` · ${plural(d.viewersAtStart, 'viewer')} when it began`
    out.push(`- ${w.time(d.at)} — ${howLong}, ${outcome}${viewers}`)
  }
  for (const f of b.flapping) {
    out.push(
      `- **Flapping** ${w.time(f.startedAt)}–${w.time(f.endedAt)} (${span(f.durationMs)}): ${plural(f.disconnects, 'disconnect')}`,
    )
  }
  out.push('')

  out.push(`## Simulcast targets (${b.targets.length})`, '')
  if (b.targets.length === 0) out.push('None.')
  for (const t of b.targets) {
    const outages = t.outages.map(
      (o) => `${OUTAGE_WORDS[o.state] ?? o.state} ${span(o.durationMs)} from ${w.time(o.startedAt)}`,
    )
    out.push(`- **${md(t.name)}**: ${outages.length === 0 ? 'no outage' : outages.join('; ')}`)
  }
  out.push('')

  out.push('## Viewers', '')
  out.push(
    b.viewers.peak === null
      ? 'No viewer counts were kept for this broadcast.'
      : `Peak ${b.viewers.peak.toLocaleString('en-US')} · average ${b.viewers.average?.toLocaleString('en-US')} (${plural(b.viewers.samples, 'sample')})`,
    '',
  )

  out.push(`## Notifications (${b.notifications.length})`, '')
  if (b.notifications.length === 0) out.push('None decided.')
  else {
    out.push('| Time | Rule | Outcome | What / why |', '| --- | --- | --- | --- |')
    for (const n of b.notifications) {
      out.push(`| ${w.time(n.at)} | ${n.rule} | ${n.raised ? 'raised' : 'suppressed'} | ${md(n.reason)} |`)
    }
  }
  out.push('')

  out.push(`## Reconciler corrections (${b.corrections.length})`, '')
  if (b.corrections.length === 0) out.push('None: the webhooks told the whole story.')
  for (const c of b.corrections) out.push(`- ${correctionLine(c, w)}`)
  out.push('')

  const lag = b.delivery.lagMs
  out.push('## Delivery', '')
  out.push(
    `${plural(b.delivery.events, 'event')} · lag p50 ${lag.p50 === null ? '—' : span(lag.p50)}, p95 ${lag.p95 === null ? '—' : span(lag.p95)}, max ${lag.max === null ? '—' : span(lag.max)} · ${plural(b.delivery.duplicates, 'duplicate')} · ${b.delivery.outOfOrder.toLocaleString('en-US')} out of order`,
    '',
  )
  out.push(`_Times in ${w.zone}. Made by FastPix Live Monitor from the events it stored._`, '')
  return out.join('\n')
}

function correctionLine(c: BroadcastReport['broadcast']['corrections'][number], w: Wording): string {
  const what = c.targetId === null ? 'stream' : `target \`${c.targetId}\``
  const change = c.from === null || c.from === c.to ? `${what} is ${c.to}` : `${what}: ${c.from} → ${c.to}`
  const missed = c.missed.length === 0 ? '' : ` (missed: ${c.missed.map(md).join('; ')})`
  return `${w.time(c.at)} — ${change}${missed}`
}
