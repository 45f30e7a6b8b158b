// Browser mode: build the MonitorApi from the page's own origin and the `?token=` the
// dashboard URL carries. The token then leaves the address bar (screenshots, bookmarks,
// history) and stays in sessionStorage so a reload of this tab still works.
import type { LinkedMonitorApi } from './link.ts'
import { createWsMonitorApi } from './ws-client.ts'

export const TOKEN_KEY = 'fastpix-monitor.token'

export interface PageEnv {
  location: Pick<Location, 'href' | 'origin'>
  history: Pick<History, 'replaceState' | 'state'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

/** Takes the token out of the URL (remembering it) or falls back to the remembered one. */
export function takeToken(env: PageEnv): string | null {
  const url = new URL(env.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`)
    return fromUrl
  }
  return env.storage.getItem(TOKEN_KEY)
}

export function createBrowserApi(env: PageEnv): LinkedMonitorApi {
  const token = takeToken(env) ?? ''
  return createWsMonitorApi({ baseUrl: env.location.origin, token })
}
