// The headless host's dashboard listener: the MonitorApi as JSON over HTTP (routes
// derived from the operation table, see operation-routes.ts), a
// WebSocket of update batches, and the built renderer. Loopback unless `--listen` says
// otherwise (http or https, optionally behind a trusted proxy); every route
// needs the token unless it is declared public (only the page is; see dashboard-guard).
// Given the data folder, it reads the users file there (team mode, roles) and writes
// every change operation, done or refused, to the audit log.
import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import { ZodError } from 'zod'
import type { MonitorApi, UpdateBatch } from '../../shared/api.ts'
import { operation, type Role } from '../../shared/operations.ts'
import { appendAudit, summarizeArgs } from '../core/audit/audit-log.ts'
import { guardHook, LAUNCH_TOKEN_USER, presentedToken, type RouteAccess } from './dashboard-guard.ts'
import { fallbackPage } from './fallback-page.ts'
import { registerOperationRoutes, routeInputError } from './operation-routes.ts'
import { createUserDirectory, type UserDirectory } from './users/directory.ts'
import { createFailureLimit, type FailureLimit } from './users/failure-limit.ts'

export interface DashboardDeps {
  api: MonitorApi
  token: string
  /** Folder of the built renderer (out/renderer); a small fallback page when absent. */
  staticDir?: string | null
  /** Close a WebSocket whose unsent backlog exceeds this; the client resyncs. */
  maxBufferedBytes?: number
  /** The data folder: its users file (team mode) and its audit log. Absent: single user, no audit log. */
  dataDir?: string
  /** Replaces the users file's directory (tests). */
  users?: UserDirectory
  /** Replaces the wrong-token limit (tests). */
  failureLimit?: FailureLimit
  /** How often an open update socket's token is checked again (default 5 s; tests). */
  tokenRecheckMs?: number
  /** Where the users file's problems are told. */
  warn?: (message: string) => void
  /** Host names accepted besides 127.0.0.1/localhost when the listener is exposed (`--public-host`). */
  publicHosts?: readonly string[]
  /** PEM certificate and key: serve https. */
  tls?: { cert: Buffer; key: Buffer } | null
  /** Fastify's trustProxy: whose X-Forwarded-For/Proto/Host to believe (default nobody). */
  trustProxy?: boolean | string[]
  /** Slow clients (W6): a request must be complete within this (default 10 s)… */
  requestTimeoutMs?: number
  /** …its headers within this (default 5 s); an idle socket is closed after 30 s. */
  headersTimeoutMs?: number
}

const PING_MS = 20_000
/** How often an open update socket's user token is checked again. */
const TOKEN_RECHECK_MS = 5_000

/** A registered route and what it declares (read by the route sweep test). */
export interface DashboardRoute {
  method: string
  url: string
  access: RouteAccess
  websocket: boolean
  /** The role its operation needs (from the operation table); null for the page and the WebSocket. */
  role: Role | null
}

const registered = new WeakMap<FastifyInstance, RouteOptions[]>()

/** Every route of a built dashboard app, HEAD routes included; call after `ready()`. */
export function dashboardRoutes(app: FastifyInstance): DashboardRoute[] {
  return (registered.get(app) ?? []).flatMap((route) =>
    [route.method].flat().map((method) => ({
      method,
      url: route.url,
      access: route.config?.access ?? 'token',
      websocket: route.config?.upgrade === true,
      role: route.config?.role ?? null,
    })),
  )
}

const NO_STORE = 'no-store'

export async function buildDashboardApp(deps: DashboardDeps): Promise<FastifyInstance> {
  // Path parameters are refused by their operation's schema, in its words, not by the router's length limit.
  // Slow clients are cut off as on the webhook listener (W6); an upgraded WebSocket is no longer a request.
  const requestTimeout = deps.requestTimeoutMs ?? 10_000
  const headersTimeout = Math.min(deps.headersTimeoutMs ?? 5_000, requestTimeout)
  const server = {
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 2))),
  }
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    maxParamLength: 2048,
    forceCloseConnections: true,
    requestTimeout,
    connectionTimeout: 30_000,
    trustProxy: deps.trustProxy ?? false,
    ...(deps.tls ? { https: { ...server, cert: deps.tls.cert, key: deps.tls.key } } : { http: server }),
  })
  const { api } = deps
  const routes: RouteOptions[] = []
  registered.set(app, routes)
  app.addHook('onRoute', (route) => {
    routes.push(route)
    // Only a route declared `websocket: true` may answer an Upgrade (checked by the guard).
    if (route.websocket === true && route.method === 'GET') route.config = { ...route.config, upgrade: true }
  })

  // Registered before the guard so a refused upgrade's socket is still marked (and destroyed) by the plugin.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } })
  const users = deps.users ?? (deps.dataDir ? createUserDirectory(deps.dataDir, deps.warn) : null)
  app.decorateRequest('principal', null)
  app.decorateRequest('refusedByRole', null)
  app.addHook(
    'onRequest',
    guardHook({
      token: deps.token,
      users,
      limit: deps.failureLimit ?? createFailureLimit(),
      publicHosts: deps.publicHosts ?? [],
    }),
  )
  const auditDir = deps.dataDir
  if (auditDir) {
    // Who changed what: every change operation a known caller asked for, done, failed or refused by role.
    app.addHook('onResponse', async (request, reply) => {
      const name = request.routeOptions.config?.operation
      if (!name || operation(name).kind !== 'change' || request.principal === null) return
      const status = reply.statusCode
      const refused = request.refusedByRole
      try {
        appendAudit(auditDir, {
          at: new Date().toISOString(),
          user: request.principal.name,
          operation: name,
          // A refused request's body was never read: its path and query say what was asked.
          args: summarizeArgs({
            ...(request.params as object),
            ...(request.query as object),
            ...(refused === null && request.body !== undefined ? { body: request.body } : {}),
          }),
          outcome: refused !== null ? 'refused' : status < 400 ? 'ok' : 'failed',
          ...(refused !== null ? { detail: refused } : status >= 400 ? { detail: `HTTP ${status}` } : {}),
        })
      } catch (error) {
        deps.warn?.(`the audit log could not be written: ${(error as Error).message}`)
      }
    })
  }
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('X-Frame-Options', 'DENY')
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', NO_STORE)
    // A refused request's unread body is not read on (W5): the connection closes after the answer.
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined
    if (reply.statusCode >= 400 && hasBody && !request.raw.complete) reply.header('Connection', 'close')
    return payload
  })
  app.setErrorHandler(async (error, request, reply) => {
    const refused = routeInputError(error, request.routeOptions.config?.operation)
    if (refused !== null) return reply.code(400).send({ error: { code: 'bad_request', message: refused } })
    if (error instanceof ZodError) {
      const issue = error.issues[0]
      const where = issue?.path.join('.') || 'query'
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: `${where}: ${issue?.message ?? 'invalid'}` } })
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'bad_request', message: (error as Error).message } })
    }
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } })
  })

  registerOperationRoutes(app, api)

  app.get('/api/updates', { websocket: true }, (socket, request) => {
    const maxBuffered = deps.maxBufferedBytes ?? 8 * 1024 * 1024
    // A user's socket lasts only while their token does: revoked (or the users file gone
    // bad), it is closed at the next check, as their next request would be refused.
    const token = presentedToken(request)
    const who = request.principal
    const stillAllowed = (): boolean => {
      if (users === null || who === null || who.name === LAUNCH_TOKEN_USER || token === null) return true
      const found = users.lookup(token)
      return found !== null && 'user' in found
    }
    const recheck = setInterval(() => {
      if (!stillAllowed()) socket.close(1008, 'token revoked')
    }, deps.tokenRecheckMs ?? TOKEN_RECHECK_MS)
    const send = (batch: UpdateBatch): void => {
      if (socket.bufferedAmount > maxBuffered) {
        socket.close(1013, 'too far behind; resync')
        return
      }
      socket.send(JSON.stringify({ type: 'batch', batch }))
    }
    const unsubscribe = api.onUpdate(send)
    socket.send(JSON.stringify({ type: 'hello', protocol: 1 }))
    const ping = setInterval(() => socket.ping(), PING_MS)
    socket.on('close', () => {
      clearInterval(ping)
      clearInterval(recheck)
      unsubscribe()
    })
    // The client has nothing to say over this socket; ignore whatever it sends.
    socket.on('message', () => {})
  })

  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: 'not found' } }),
  )
  await app.register(async (page) => {
    // The page's own scope: every route in it (@fastify/static's `/*`, which takes no route
    // config of its own, or the fallback `/`) is declared public here. Nothing else is.
    page.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' }
    })
    if (deps.staticDir && existsSync(deps.staticDir)) {
      await page.register(fastifyStatic, { root: deps.staticDir, index: ['index.html'], cacheControl: false })
    } else {
      page.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(fallbackPage()))
    }
  })
  return app
}
