import type { MonitorApi } from '../../shared/api.ts'

declare global {
  interface Window {
    /** Provided by the desktop preload; built from the WebSocket client in browser mode. */
    monitor?: MonitorApi
  }
}
