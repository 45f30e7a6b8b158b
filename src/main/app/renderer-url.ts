// Where our renderer lives, and whether a URL is it. The IPC sender check, the
// navigation guard and the window factory all ask this one module.
import { pathToFileURL } from 'node:url'

export type RendererLocation =
  | { kind: 'file'; file: string; url: string }
  | { kind: 'dev'; origin: string; url: string }

/**
 * The built page (file://…/out/renderer/index.html) or, in development, the
 * electron-vite dev server — only when it is a loopback http origin.
 */
export function rendererLocation(indexFile: string, devUrl: string | undefined): RendererLocation {
  if (devUrl) {
    const parsed = safeUrl(devUrl)
    if (parsed && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) {
      return { kind: 'dev', origin: parsed.origin, url: parsed.href }
    }
  }
  const url = pathToFileURL(indexFile).href
  return { kind: 'file', file: indexFile, url }
}

/** True for our page (any hash or query); false for everything else, including other files. */
export function isRendererUrl(candidate: string, location: RendererLocation): boolean {
  const parsed = safeUrl(candidate)
  if (!parsed) return false
  if (parsed.username !== '' || parsed.password !== '') return false
  if (location.kind === 'dev') return parsed.origin === location.origin
  const own = new URL(location.url)
  return parsed.protocol === 'file:' && parsed.host === '' && parsed.pathname === own.pathname
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
