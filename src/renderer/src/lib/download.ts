// Saves text the core made (a report export) as a file, the way a browser download does.
import type { ReportFile } from '../../../shared/report.ts'

export function saveFile(file: ReportFile): void {
  const url = URL.createObjectURL(new Blob([file.body], { type: file.contentType }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  // The click has started the download; the URL can go once this turn is over.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** The zone the person reads their clock in: report exports say their times in it. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
