// One report, in the format asked for: what the page downloads, the API answers and the CLI prints.
import type { BroadcastReport, ReportFile, ReportFormat } from '../../../shared/report.ts'
import { reportHtml } from './html.ts'
import { reportMarkdown } from './markdown.ts'

const TYPES: Readonly<Record<ReportFormat, string>> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

/** The host's time zone (what the operator reads their clock in). */
export const hostTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** A file name people can keep: stream, broadcast start (UTC) and number. */
function fileName(r: BroadcastReport, format: ReportFormat): string {
  const name = (r.stream.name ?? r.stream.id)
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  const when = r.broadcast.startedAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  return `${name || 'stream'}-broadcast-${r.broadcast.number}-${when}Z.${format}`
}

export function exportReport(
  r: BroadcastReport,
  format: ReportFormat,
  timeZone = hostTimeZone(),
): ReportFile {
  const body =
    format === 'json'
      ? `${JSON.stringify(r, null, 2)}\n`
      : format === 'md'
        ? reportMarkdown(r, timeZone)
        : reportHtml(r, timeZone)
  return { filename: fileName(r, format), contentType: TYPES[format], body }
}
