// Where our renderer lives, and whether a URL is it. The IPC sender check, the
// navigation guard, the window factory and the app:// handler all ask this one module.

/** The built page is served as app://monitor/… (app-protocol.ts), never from file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'monitor'
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

export type RendererLocation =
  | { kind: 'app'; root: string; url: string }
  | { kind: 'dev'; origin: string; url: string }

/**
 * The built page (the folder `root`, out/renderer, served as app://monitor/index.html) or,
 * in development, the electron-vite dev server — only when it is a loopback http origin.
 */
export function rendererLocation(root: string, devUrl: string | undefined): RendererLocation {
  if (devUrl) {
    const parsed = safeUrl(devUrl)
    if (parsed && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) {
      return { kind: 'dev', origin: parsed.origin, url: parsed.href }
    }
  }
  return { kind: 'app', root, url: APP_INDEX_URL }
}

/**
 * True for our page (any hash or query) in the app origin; false for everything else,
 * other pages of the origin and lookalike hosts or ports included.
 */
export function isRendererUrl(candidate: string, location: RendererLocation): boolean {
  const parsed = safeUrl(candidate)
  if (!parsed) return false
  if (parsed.username !== '' || parsed.password !== '') return false
  if (location.kind === 'dev') return parsed.origin === location.origin
  const own = new URL(location.url)
  return (
    parsed.protocol === own.protocol &&
    parsed.host === own.host &&
    parsed.port === '' &&
    parsed.pathname === own.pathname
  )
}

/** The URL that opens the window on one stream (the renderer's hash routes). */
export function streamUrl(location: RendererLocation, streamId: string): string {
  const url = new URL(location.url)
  url.hash = `/streams/${encodeURIComponent(streamId)}`
  return url.href
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}
