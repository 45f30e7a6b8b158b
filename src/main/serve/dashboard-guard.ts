// T4/T5: the dashboard listener answers only a browser that holds the per-launch
// token and names this listener (127.0.0.1/localhost, or a `--public-host` when
// exposed). Loopback proves nothing (tunnel traffic is loopback too), so Host (DNS
// rebinding) and Origin (cross-site pages) are checked as well.
// Deny by default: the guard runs after routing and reads the matched route's own
// declaration, never the URL string (the router decodes `%61pi`, absolute forms…).
// Team mode (a users file with users in it): a user's token names who is asking, and
// the matched route's role (from the operation table) decides; the per-launch token
// still works, as an admin (the person who started `serve`). Wrong tokens are limited
// per address. With no users, only the per-launch token, exactly as before.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Role } from '../../shared/operations.ts'
import { roleAllows, type UserDirectory } from './users/directory.ts'
import type { FailureLimit } from './users/failure-limit.ts'

/** Who may call a route. Only the page and its files say `public`; anything else needs the token. */
export type RouteAccess = 'public' | 'token'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Absent means `token` (deny by default). */
    access?: RouteAccess
    /** Set by the dashboard app for `websocket: true` routes: only they may answer an Upgrade. */
    upgrade?: boolean
  }
  interface FastifyRequest {
    /** Who the token belongs to, once the guard let the request through (or refused it by role). */
    principal: Principal | null
    /** The guard's refusal by role, in words (for the audit log). */
    refusedByRole: string | null
  }
}

/** Who made a request: a user of the users file, or the holder of the per-launch token. */
export interface Principal {
  name: string
  role: Role
}

/** The audit log's name for the per-launch token's holder. */
export const LAUNCH_TOKEN_USER = 'launch token'

export interface GuardOptions {
  token: string
  /** The users file; absent or empty = single-user mode. */
  users?: UserDirectory | null
  /** Wrong tokens per address (team mode only): the client's address, the trusted proxy's view of it. */
  limit?: FailureLimit
  /** Host names accepted besides 127.0.0.1/localhost (`--public-host`). */
  publicHosts?: readonly string[]
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

/** The token a request presents: `Authorization: Bearer …`, else `?token=` (the WebSocket). */
export function presentedToken(request: FastifyRequest): string | null {
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

export type GuardResult =
  | { ok: true }
  | { ok: false; status: 401 | 403 | 404 | 429; message: string; retryAfter?: number }

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

const CODES = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'too_many_requests' } as const

const A = { viewer: 'a viewer', operator: 'an operator', admin: 'an admin' } as const

/** The role a matched route needs: its operation's; the update WebSocket and unmatched URLs (404) need viewer; anything else undeclared, admin. */
function roleNeeded(request: FastifyRequest): Role {
  const config = request.routeOptions.config
  if (config?.role) return config.role
  if (config?.upgrade === true || request.routeOptions.url === undefined) return 'viewer'
  return 'admin'
}

/** Team mode: the token's owner and whether their role covers the route. */
function checkUser(request: FastifyRequest, options: GuardOptions, users: UserDirectory): GuardResult {
  const address = request.ip
  const wait = options.limit?.blockedFor(address) ?? 0
  if (wait > 0)
    return {
      ok: false,
      status: 429,
      retryAfter: wait,
      message: `Too many wrong tokens from ${address}; try again in ${wait} s.`,
    }
  const given = presentedToken(request)
  if (given !== null && sameToken(given, options.token)) {
    request.principal = { name: LAUNCH_TOKEN_USER, role: 'admin' }
    return { ok: true }
  }
  const found = given === null ? null : users.lookup(given)
  if (found === null || 'revoked' in found) {
    options.limit?.failed(address)
    const message =
      found === null
        ? 'Missing or wrong token: send your token as "Authorization: Bearer <token>" (an admin adds users with npm run users -- add).'
        : `The token of ${found.revoked.name} was revoked on ${found.revoked.revokedAt}; ask an admin for a new one.`
    return { ok: false, status: 401, message }
  }
  const { user } = found
  request.principal = { name: user.name, role: user.role }
  const needs = roleNeeded(request)
  if (!roleAllows(user.role, needs)) {
    const message = `This needs the ${needs} role; ${user.name} is ${A[user.role]}.`
    request.refusedByRole = message
    return { ok: false, status: 403, message }
  }
  return { ok: true }
}

/** The `onRequest` hook: runs for every request, the unmatched (404) ones included. */
export function guardHook(auth: string | GuardOptions) {
  const options: GuardOptions = typeof auth === 'string' ? { token: auth } : auth
  const publicHosts = options.publicHosts ?? []
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const config = request.routeOptions.config
    const access = config?.access ?? 'token'
    const users = options.users
    let result: GuardResult
    if (access !== 'public' && users?.configured()) {
      result = checkRequest(request, options.token, 'public', publicHosts)
      if (result.ok) result = checkUser(request, options, users)
    } else {
      result = checkRequest(request, options.token, access, publicHosts)
      if (result.ok && access !== 'public') request.principal = { name: LAUNCH_TOKEN_USER, role: 'admin' }
    }
    // An Upgrade to a route that is not a WebSocket (the page, say) would otherwise get a 101 and a closed socket.
    if (result.ok && request.ws && config?.upgrade !== true) {
      result = { ok: false, status: 404, message: 'not a WebSocket route' }
    }
    if (!result.ok) {
      if (result.retryAfter !== undefined) reply.header('Retry-After', String(result.retryAfter))
      await reply.code(result.status).send({ error: { code: CODES[result.status], message: result.message } })
    }
  }
}
