import { useEffect } from 'react'
import { useMonitor } from '../state/monitor.ts'
import { EventLogDetail } from './EventLogDetail.tsx'
import { EventLogFilters } from './EventLogFilters.tsx'
import { EventLogList } from './EventLogList.tsx'
import '../styles/events.css'
import '../styles/events-detail.css'

/** Esc closes the detail pane (the search field's own Esc is the App's: it leaves the field). */
function useEscCloses(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      const target = event.target
      if (
        target instanceof HTMLElement &&
        (target.dataset.search !== undefined || target.closest('details[open]'))
      )
        return
      const state = useMonitor.getState()
      if (!state.eventDetail) return
      event.preventDefault()
      state.closeEventDetail()
      document.querySelector<HTMLElement>('.ev-list')?.focus({ preventScroll: true })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/** Every stored event, newest first, following live; filters, payload search and a detail pane. */
export function EventLog(): React.JSX.Element {
  const openLog = useMonitor((s) => s.openEventLog)
  const closeLog = useMonitor((s) => s.closeEventLog)
  const detailOpen = useMonitor((s) => s.eventDetail !== null)
  useEffect(() => {
    openLog()
    return closeLog
  }, [openLog, closeLog])
  useEscCloses()
  return (
    <section className="ev-page" aria-labelledby="events-title" data-testid="event-log">
      <h1 id="events-title" className="visually-hidden">
        Events
      </h1>
      <EventLogFilters />
      <div className={detailOpen ? 'ev-body with-detail' : 'ev-body'}>
        <EventLogList />
        {detailOpen ? <EventLogDetail /> : null}
      </div>
    </section>
  )
}
