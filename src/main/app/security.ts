// The security baseline in one place (S2, F6): strict CSP, no new windows, no
// navigation away from our page, no webviews, permissions denied by default, and
// `openExternal` only for a short allowlist of https origins.
import type { Event, Session, WebContents } from 'electron'
import type { Logger } from '../core/logger.ts'
import { isRendererUrl, type RendererLocation } from './renderer-url.ts'

/** Same policy as the renderer's <meta> tag (a test keeps the two equal). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/** Origins a link may open in the user's browser. Exact https origins, default port. */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://fastpix.io',
  'https://www.fastpix.io',
  'https://dashboard.fastpix.io',
  'https://docs.fastpix.io',
  'https://dashboard.ngrok.com',
  'https://ngrok.com',
]

/** Permissions our own page may get; everything else, and everything from elsewhere, is denied. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function isAllowedExternalUrl(
  candidate: string,
  allow: readonly string[] = EXTERNAL_ORIGINS,
): boolean {
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false
  return allow.includes(url.origin)
}

export interface SecurityDeps {
  renderer: RendererLocation
  openExternal: (url: string) => Promise<void>
  log: Logger
  externalOrigins?: readonly string[]
}

type HeadersListener = Parameters<Session['webRequest']['onHeadersReceived']>[0]
type HeadersDetails = Parameters<Extract<HeadersListener, (...args: never[]) => unknown>>[0]
type HeadersCallback = Parameters<Extract<HeadersListener, (...args: never[]) => unknown>>[1]

/** Session-wide rules: permissions and the CSP header on every response we load. */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
  deps: SecurityDeps,
): void {
  const fromUs = (url: string | undefined): boolean => url !== undefined && isRendererUrl(url, deps.renderer)
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = GRANTED_PERMISSIONS.has(permission) && fromUs(details.requestingUrl ?? contents.getURL())
    if (!granted) deps.log.warn(`denied permission request: ${permission}`)
    callback(granted)
  })
  session.setPermissionCheckHandler(
    (contents, permission) => GRANTED_PERMISSIONS.has(permission) && fromUs(contents?.getURL()),
  )
  session.webRequest.onHeadersReceived((details: HeadersDetails, callback: HeadersCallback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) })
  })
}

/** Replaces any CSP header (whatever its case) with ours. */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return out
}

/** Per-webContents rules, applied to every webContents the app ever creates. */
export function hardenWebContents(contents: WebContents, deps: SecurityDeps): void {
  const allow = deps.externalOrigins ?? EXTERNAL_ORIGINS
  const maybeOpenExternal = (url: string): void => {
    if (!isAllowedExternalUrl(url, allow)) return
    deps.openExternal(url).catch((error: unknown) => {
      deps.log.warn(`could not open ${url}: ${(error as Error).message}`)
    })
  }
  const guardNavigation = (event: Event<{ url: string }>): void => {
    const url = event.url
    if (isRendererUrl(url, deps.renderer)) return
    event.preventDefault()
    deps.log.warn(`blocked navigation to ${url.slice(0, 200)}`)
    maybeOpenExternal(url)
  }
  contents.setWindowOpenHandler(({ url }) => {
    maybeOpenExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', guardNavigation)
  contents.on('will-frame-navigate', guardNavigation)
  contents.on('will-redirect', guardNavigation)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    deps.log.warn('blocked a <webview>')
  })
}

/** Installs both: the session rules now, the webContents rules on each new webContents. */
export function applySecurityBaseline(
  app: {
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): unknown
  },
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
  deps: SecurityDeps,
): void {
  hardenSession(session, deps)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps))
}
