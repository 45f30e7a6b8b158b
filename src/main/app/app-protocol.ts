// The built renderer served as app://monitor/… (S6) instead of file://: the page gets a
// real, secure origin of its own, and through it nothing outside the built renderer folder
// can be read — no dot segments (raw or encoded), encoded slashes, absolute paths or
// symlinks out. Plain Node apart from the types, so tests call the handler directly.
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import type { CustomScheme, Protocol } from 'electron'
import { APP_HOST, APP_SCHEME } from './renderer-url.ts'
import { CONTENT_SECURITY_POLICY } from './security.ts'

/**
 * standard: an origin, relative URLs and storage like https; secure: a secure context.
 * corsEnabled + supportFetchAPI: the page's module scripts (`<script type="module" crossorigin>`)
 * load. Not bypassCSP, no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` that an app:// URL names, or null. Each path segment is decoded
 * once and must be a plain name: not empty, `.` or `..`, without `/`, `\`, `:` or NUL.
 */
export function appFilePath(root: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  if (parsed.username !== '' || parsed.password !== '') return null
  const parts: string[] = []
  for (const raw of parsed.pathname.split('/').slice(1)) {
    let part: string
    try {
      part = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (part === '' || part === '.' || part === '..' || /[\\/:\0]/.test(part)) return null
    parts.push(part)
  }
  if (parts.length === 0) return null
  const full = join(root, ...parts)
  const inside = relative(root, full)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
  return full
}

const notFound = (): Response =>
  new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/** The `protocol.handle('app', …)` handler: GET/HEAD of files in `root`, everything else 404/405. */
export function createAppFileHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } })
    const file = appFilePath(root, request.url)
    if (file === null) return notFound()
    try {
      // A symlink inside the folder must not lead out of it.
      const [real, base] = await Promise.all([realpath(file), realpath(root)])
      if (!real.startsWith(base + sep)) return notFound()
      if (!(await stat(real)).isFile()) return notFound()
      const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(real))
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': contentTypeOf(real),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return notFound()
    }
  }
}

/** Before `ready` (Electron allows it only then, and only once). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
}

/** After `ready`: serves `root` as app://monitor/; the returned function stops serving. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle' | 'unhandle'>, root: string): () => void {
  protocol.handle(APP_SCHEME, createAppFileHandler(root))
  return () => protocol.unhandle(APP_SCHEME)
}
