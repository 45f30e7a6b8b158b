// Hash routes (the page is served from one file, in the browser and in Electron alike).
import { useSyncExternalStore } from 'react'

export type Route =
  | { view: 'board' }
  | { view: 'stream'; id: string }
  /** One past (or the live) broadcast's report; `number` 1 = the oldest kept. */
  | { view: 'broadcast'; id: string; number: number }
  | { view: 'events' }
  /** With `seq`: one rejected delivery's detail (linkable). */
  | { view: 'rejected'; seq?: number }
  | { view: 'notifications' }
  | { view: 'settings' }
  | { view: 'connect' }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/'
  const broadcast = /^\/streams\/([^/]+)\/broadcasts\/(\d{1,7})$/.exec(path)
  if (broadcast?.[1] && broadcast[2] && Number(broadcast[2]) >= 1) {
    try {
      return { view: 'broadcast', id: decodeURIComponent(broadcast[1]), number: Number(broadcast[2]) }
    } catch {
      return { view: 'board' }
    }
  }
  const stream = /^\/streams\/([^/]+)$/.exec(path)
  if (stream?.[1]) {
    try {
      return { view: 'stream', id: decodeURIComponent(stream[1]) }
    } catch {
      return { view: 'board' }
    }
  }
  if (path === '/events') return { view: 'events' }
  if (path === '/rejected') return { view: 'rejected' }
  const rejected = /^\/rejected\/(\d{1,15})$/.exec(path)
  if (rejected?.[1]) return { view: 'rejected', seq: Number(rejected[1]) }
  if (path === '/settings') return { view: 'settings' }
  if (path === '/notifications') return { view: 'notifications' }
  if (path === '/connect') return { view: 'connect' }
  return { view: 'board' }
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'stream':
      return `#/streams/${encodeURIComponent(route.id)}`
    case 'broadcast':
      return `#/streams/${encodeURIComponent(route.id)}/broadcasts/${route.number}`
    case 'board':
      return '#/'
    case 'rejected':
      return route.seq === undefined ? '#/rejected' : `#/rejected/${route.seq}`
    default:
      return `#/${route.view}`
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route)
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}
