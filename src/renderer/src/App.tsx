import { useEffect } from 'react'
import { Banners } from './components/Banners.tsx'
import { OverviewBar } from './components/OverviewBar.tsx'
import { hrefOf, navigate, type Route, useRoute } from './router.ts'
import { useMonitor } from './state/monitor.ts'
import { Board } from './views/Board.tsx'
import { BroadcastReportView } from './views/BroadcastReport.tsx'
import { Connect } from './views/Connect.tsx'
import { EventLog } from './views/EventLog.tsx'
import { FirstRun } from './views/FirstRun.tsx'
import { Notifications } from './views/Notifications.tsx'
import { Rejected } from './views/Rejected.tsx'
import { Settings } from './views/Settings.tsx'
import { StreamDetail } from './views/StreamDetail.tsx'

const NAV: { route: Route; label: string }[] = [
  { route: { view: 'board' }, label: 'Streams' },
  { route: { view: 'events' }, label: 'Events' },
  { route: { view: 'rejected' }, label: 'Rejected' },
  { route: { view: 'notifications' }, label: 'Notifications' },
  { route: { view: 'settings' }, label: 'Settings' },
]

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  )
}

/** `/` focuses the current view's search, Esc leaves a search or closes the stream detail. */
function useGlobalKeys(route: Route): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      if (event.key === '/' && !isTyping(event.target)) {
        const search = document.querySelector<HTMLInputElement>('[data-search]')
        if (search) {
          event.preventDefault()
          search.focus()
          search.select()
        } else if (route.view === 'stream') {
          event.preventDefault()
          navigate({ view: 'board' })
        }
        return
      }
      if (event.key !== 'Escape') return
      const target = event.target
      if (target instanceof HTMLInputElement && target.dataset.search !== undefined) {
        if (target.value !== '' && route.view === 'board') useMonitor.getState().setSearchText('')
        else target.blur()
        return
      }
      if (route.view === 'stream') {
        event.preventDefault()
        navigate({ view: 'board' })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [route])
}

function currentView(route: Route, firstRun: boolean): React.JSX.Element {
  switch (route.view) {
    case 'stream':
      return <StreamDetail key={route.id} id={route.id} />
    case 'broadcast':
      return <BroadcastReportView key={`${route.id}/${route.number}`} id={route.id} number={route.number} />
    case 'events':
      return <EventLog />
    case 'rejected':
      return <Rejected />
    case 'notifications':
      return <Notifications />
    case 'settings':
      return <Settings />
    case 'connect':
      return <Connect />
    default:
      return firstRun ? <FirstRun /> : <Board />
  }
}

export function App(): React.JSX.Element {
  const route = useRoute()
  useGlobalKeys(route)
  const section =
    route.view === 'stream' || route.view === 'broadcast'
      ? 'board'
      : route.view === 'connect'
        ? 'settings'
        : route.view
  const stale = useMonitor((s) => s.lostAt !== null)
  const firstRun = useMonitor((s) => s.workspaceStatus?.firstRun === true)
  // The first-run screen takes the board's place but scrolls like a page.
  const viewClass = route.view === 'board' && firstRun ? 'first-run' : route.view
  return (
    <div className="app">
      <OverviewBar />
      <Banners />
      <nav className="nav" aria-label="Views">
        {NAV.map(({ route: target, label }) => (
          <a
            key={target.view}
            href={hrefOf(target)}
            className="nav-link"
            aria-current={section === target.view ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
        <span className="nav-hint muted small" aria-hidden="true">
          / search · ↑↓ move · Enter open · Esc back
        </span>
      </nav>
      <main className={`main main-${viewClass}${stale ? ' stale' : ''}`} data-stale={stale || undefined}>
        {currentView(route, firstRun)}
      </main>
    </div>
  )
}
