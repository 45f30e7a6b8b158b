import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { createBrowserApi } from './api/browser.ts'
import { hasConnection } from './api/link.ts'
import { startTicker } from './state/clock.ts'
import { connectState } from './state/connect.ts'
import './styles/app.css'

// Desktop: the preload already put the IPC-backed MonitorApi here. Browser: build it over WebSocket.
if (!window.monitor) {
  window.monitor = createBrowserApi({
    location: window.location,
    history: window.history,
    storage: sessionStorage,
  })
}
const api = window.monitor
if (hasConnection(api)) window.addEventListener('online', () => api.retryNow())

connectState(api)
startTicker()

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
