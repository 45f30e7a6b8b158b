// T4/T5: the dashboard listener answers only a browser that holds the per-launch
// token and names this listener (127.0.0.1/localhost, or a `--public-host` when
// exposed). Loopback proves nothing (tunnel traffic is loopback too), so Host (DNS
// rebinding) and Origin (cross-site pages) are checked as well.
// Deny by default: the guard runs after routing and reads the matched route's own
// declaration, never the URL string (the router decodes `%61pi`, absolute forms…).
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** Who may call a route. Only the page and its files say `public`; anything else needs the token. */
export type RouteAccess = 'public' | 'token'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Absent means `token` (deny by default). */
    access?: RouteAccess
    /** Set by the dashboard app for `websocket: true` routes: only they may answer an Upgrade. */
    upgrade?: boolean
  }
}

/**
 * The Host names this listener answers to: 127.0.0.1 and localhost on its port, and the
 * `--public-host` names (a name without a port also with this listener's port).
 */
export function allowedHosts(port: number, publicHosts: readonly string[] = []): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  for (const host of publicHosts) {
    hosts.add(host)
    if (!/:\d+$/.test(host)) hosts.add(`${host}:${port}`)
  }
  return hosts
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function presentedToken(request: FastifyRequest): string | null {
  const auth = request.headers.authorization
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim()
  const query = request.query as Record<string, unknown> | undefined
  const fromQuery = query?.token
  return typeof fromQuery === 'string' ? fromQuery : null
}

/** The authority of an absolute-form target (`GET http://host:port/… HTTP/1.1`), or null for origin form. */
function targetAuthority(rawUrl: string): string | null {
  if (rawUrl.startsWith('/')) return null
  try {
    return new URL(rawUrl).host.toLowerCase()
  } catch {
    return ''
  }
}

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403 | 404; message: string }

export function checkRequest(
  request: FastifyRequest,
  token: string,
  access: RouteAccess,
  publicHosts: readonly string[] = [],
): GuardResult {
  const port = request.raw.socket.localPort ?? 0
  const hosts = allowedHosts(port, publicHosts)
  // Host and scheme as the client saw them: X-Forwarded-Host/Proto only from a trusted proxy (Fastify's trustProxy).
  const host = request.host
  if (typeof host !== 'string' || !hosts.has(host.toLowerCase())) {
    return { ok: false, status: 403, message: 'forbidden host' }
  }
  const authority = targetAuthority(request.raw.url ?? '/')
  if (authority !== null && !hosts.has(authority)) {
    return { ok: false, status: 403, message: 'forbidden host' }
  }
  const origin = request.headers.origin
  if (origin !== undefined) {
    const allowed = [...hosts].map((h) => `${request.protocol}://${h}`)
    if (typeof origin !== 'string' || !allowed.includes(origin.toLowerCase())) {
      return { ok: false, status: 403, message: 'forbidden origin' }
    }
  }
  if (access !== 'public') {
    const given = presentedToken(request)
    if (given === null || !sameToken(given, token)) {
      return { ok: false, status: 401, message: 'missing or wrong token' }
    }
  }
  return { ok: true }
}

const CODES = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' } as const

/** The `onRequest` hook: runs for every request, the unmatched (404) ones included. */
export function guardHook(token: string, publicHosts: readonly string[] = []) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const config = request.routeOptions.config
    let result = checkRequest(request, token, config?.access ?? 'token', publicHosts)
    // An Upgrade to a route that is not a WebSocket (the page, say) would otherwise get a 101 and a closed socket.
    if (result.ok && request.ws && config?.upgrade !== true) {
      result = { ok: false, status: 404, message: 'not a WebSocket route' }
    }
    if (!result.ok) {
      await reply.code(result.status).send({ error: { code: CODES[result.status], message: result.message } })
    }
  }
}
