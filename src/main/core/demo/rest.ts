// The fake FastPix REST subset (SPEC §6) over the DemoWorkspace truth. Loopback only.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import { streamObject } from './payloads.ts'
import type { DemoRestStatus } from './types.ts'
import type { DemoStreamTruth, DemoTargetTruth, DemoWorkspace } from './workspace.ts'

/**
 * Fault injection for tests: of the requests `path` matches (default all), every `everyNth`
 * (default every one) waits `delayMs`, then answers `status` (if set; else it is served normally).
 * Checked before auth. Counting is per faults object, so setting a new one starts afresh.
 */
export interface DemoRestFaults {
  status?: number
  delayMs?: number
  everyNth?: number
  /** Tested against the path without the query, e.g. `/v1/live/streams/…/finish`. */
  path?: RegExp | ((path: string, method: string) => boolean)
  /** Only the first `times` selected requests fail ("fail twice then succeed": `times: 2`). */
  times?: number
  /** Sent as a `Retry-After` header (seconds) with the fault status. */
  retryAfterSec?: number
  /** `error.message` and `error.description` of the fault status (default: the usual text). */
  message?: string
  /**
   * Serve the request first (a write is applied), then delay and/or replace its answer:
   * a write whose answer is lost. Auth and permission still apply.
   */
  afterServed?: boolean
}

/**
 * What `offset` counts on GET /live/streams. FastPix's docs leave it open (SPEC §6.2):
 * `page` = 1-based page index (the inferred reading), `item` = 1-based index of the first
 * item, `ignored` = the first page, whatever the offset.
 */
export type DemoOffsetMeaning = 'page' | 'item' | 'ignored'

/** A FastPix access token has Read, or Read + Write, permission on its workspace. */
export type DemoRestPermission = 'read' | 'write'

export interface DemoRestOptions {
  state: DemoWorkspace
  /** The one access token this workspace knows; read on every request (see `setCredentials`). */
  accessTokenId: string
  secretKey: string
  /** Default 'write'. A read-only token gets 403 on every write. Read on every request. */
  permission?: DemoRestPermission
  /** Read on every request, so it may be changed while running. */
  faults?: DemoRestFaults
  /** Default 'page'. Read on every request. */
  offsetMeaning?: DemoOffsetMeaning
}

const ERRORS: Record<number, { message: string; description: string }> = {
  400: { message: 'invalid request', description: 'One or more request parameters are invalid.' },
  // 401/403/404 texts as FastPix's SDK error models give them.
  401: {
    message: 'unauthorized',
    description:
      'This happens because of 1)Miss match between access token and secret key 2)Miss match between access token and workspace 3)No valid Access token provided.',
  },
  403: {
    message: 'forbidden',
    description:
      "The Access token does not have permissions to perform the request. Check access token's permissions. Read more https://docs.fastpix.io/docs/user-roles",
  },
  404: { message: 'not found', description: 'The requested resource was not found.' },
  429: { message: 'too many requests', description: 'Rate limit exceeded. Please retry later.' },
  500: { message: 'internal server error', description: 'Something went wrong. Please try again later.' },
  503: { message: 'service unavailable', description: 'The service is temporarily unavailable.' },
}

function errorBody(code: number, message?: string, description?: string) {
  const known = ERRORS[code] ?? { message: 'error', description: 'Request failed.' }
  return {
    success: false,
    error: { code, message: message ?? known.message, description: description ?? known.description },
  }
}

function sendError(reply: FastifyReply, code: number, message?: string, description?: string): FastifyReply {
  return reply.code(code).send(errorBody(code, message, description))
}

/** The fault's status and headers; the body as `errorBody` gives it. */
function faultAnswer(reply: FastifyReply, faults: DemoRestFaults & { status: number }) {
  if (faults.retryAfterSec !== undefined) reply.header('retry-after', String(faults.retryAfterSec))
  reply.code(faults.status)
  return errorBody(faults.status, faults.message, faults.message)
}

const STREAM_NOT_FOUND = [
  'stream not found',
  "The requested resource (eg:streamId) doesn't exist in the workspace",
] as const
const SIMULCAST_NOT_FOUND = [
  'stream/simulcast not found',
  "The requested resource (eg:streamId/simulcastId) doesn't exist in the workspace",
] as const

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

function authorized(header: string | undefined, tokenId: string, secretKey: string): boolean {
  if (typeof header !== 'string' || !/^basic /i.test(header)) return false
  const given = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  return timingSafeEqual(digest(given), digest(`${tokenId}:${secretKey}`))
}

function restTarget(t: DemoTargetTruth): Record<string, unknown> {
  return {
    simulcastId: t.def.id,
    url: t.def.url,
    streamKey: t.def.streamKey,
    isEnabled: t.isEnabled,
    metadata: { ...t.def.metadata },
  }
}

/** A Stream object keyed and ordered like examples/rest/GET_live_streams.200.json. */
export function restStream(truth: DemoStreamTruth): Record<string, unknown> {
  const { srtPlaybackResponse, ...rest } = streamObject(truth.def, truth.status, truth.metadata)
  const targets = truth.targets.filter((t) => t.exists)
  return targets.length > 0
    ? { ...rest, simulcastResponses: targets.map(restTarget), srtPlaybackResponse }
    : { ...rest, srtPlaybackResponse }
}

const streamParams = {
  type: 'object',
  required: ['streamId'],
  properties: { streamId: { type: 'string', minLength: 1, maxLength: 255 } },
} as const

const simulcastParams = {
  type: 'object',
  required: ['streamId', 'simulcastId'],
  properties: { streamId: { type: 'string' }, simulcastId: { type: 'string' } },
} as const

const simulcastUpdateBody = {
  type: 'object',
  properties: {
    isEnabled: { type: 'boolean', default: true },
    metadata: { type: 'object', maxProperties: 10, additionalProperties: { type: 'string', maxLength: 255 } },
  },
} as const

function faultApplies(
  faults: DemoRestFaults,
  counts: WeakMap<DemoRestFaults, { matched: number; fired: number }>,
  method: string,
  path: string,
): boolean {
  if (faults.path instanceof RegExp) {
    faults.path.lastIndex = 0
    if (!faults.path.test(path)) return false
  } else if (faults.path && !faults.path(path, method)) return false
  const count = counts.get(faults) ?? { matched: 0, fired: 0 }
  counts.set(faults, count)
  count.matched += 1
  if (count.matched % Math.max(1, Math.floor(faults.everyNth ?? 1)) !== 0) return false
  if (faults.times !== undefined && count.fired >= faults.times) return false
  count.fired += 1
  return true
}

const listQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    offset: { type: 'integer', minimum: 1, default: 1 },
    orderBy: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
  },
} as const

export function buildDemoRestApp(options: DemoRestOptions): FastifyInstance {
  const { state } = options
  const app = Fastify({
    logger: false,
    // A client that gave up on a delayed fault can leave its keep-alive socket open: close anyway.
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  })
  const faultCounts = new WeakMap<DemoRestFaults, { matched: number; fired: number }>()
  const lateAnswers = new WeakMap<FastifyRequest, DemoRestFaults>()

  app.addHook('onRequest', async (request, reply) => {
    const faults = options.faults
    const path = request.url.split('?')[0] ?? ''
    if (faults && faultApplies(faults, faultCounts, request.method, path)) {
      if (faults.afterServed) lateAnswers.set(request, faults)
      else {
        if (faults.delayMs) await sleep(faults.delayMs)
        if (faults.status) return reply.send(faultAnswer(reply, { ...faults, status: faults.status }))
      }
    }
    if (!authorized(request.headers.authorization, options.accessTokenId, options.secretKey)) {
      reply.header('www-authenticate', 'Basic realm="FastPix"')
      return sendError(reply, 401)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && options.permission === 'read')
      return sendError(reply, 403)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const faults = lateAnswers.get(request)
    if (!faults) return payload
    if (faults.delayMs) await sleep(faults.delayMs)
    return faults.status ? JSON.stringify(faultAnswer(reply, { ...faults, status: faults.status })) : payload
  })

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) return sendError(reply, 400, 'invalid request', error.message)
    const code =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    return sendError(reply, code)
  })
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404))

  app.get<{ Querystring: { limit: number; offset: number; orderBy: 'asc' | 'desc' } }>(
    '/v1/live/streams',
    { schema: { querystring: listQuery } },
    async (request) => {
      const { limit, offset, orderBy } = request.query
      const all = state.list()
      if (orderBy === 'asc') all.reverse()
      const meaning = options.offsetMeaning ?? 'page'
      const first = meaning === 'page' ? (offset - 1) * limit : meaning === 'item' ? offset - 1 : 0
      const page = all.slice(first, first + limit)
      return {
        success: true,
        data: page.map(restStream),
        pagination: {
          totalRecords: all.length,
          currentOffset: offset,
          offsetCount: Math.ceil(all.length / limit),
        },
      }
    },
  )

  app.get<{ Params: { streamId: string } }>(
    '/v1/live/streams/:streamId',
    { schema: { params: streamParams } },
    async (request, reply) => {
      const truth = state.get(request.params.streamId)
      if (!truth) return sendError(reply, 404, ...STREAM_NOT_FOUND)
      return { success: true, data: restStream(truth) }
    },
  )

  app.get<{ Params: { streamId: string } }>(
    '/v1/live/streams/:streamId/viewer-count',
    { schema: { params: streamParams } },
    async (request, reply) => {
      const truth = state.get(request.params.streamId)
      if (!truth) return sendError(reply, 404, ...STREAM_NOT_FOUND)
      return { success: true, data: { views: state.viewers(truth.def.id) } }
    },
  )

  const findTarget = (streamId: string, simulcastId: string): DemoTargetTruth | undefined =>
    state.get(streamId)?.targets.find((t) => t.exists && t.def.id === simulcastId)

  app.get<{ Params: { streamId: string; simulcastId: string } }>(
    '/v1/live/streams/:streamId/simulcast/:simulcastId',
    { schema: { params: simulcastParams } },
    async (request, reply) => {
      const target = findTarget(request.params.streamId, request.params.simulcastId)
      if (!target) return sendError(reply, 404, ...SIMULCAST_NOT_FOUND)
      return { success: true, data: restTarget(target) }
    },
  )

  // Write actions (SPEC §6.2, §7.1). Error texts as FastPix's (captured or from its SDK models).
  const streamAction = (
    verb: string,
    allowed: (status: DemoRestStatus) => boolean,
    refusal: readonly [string, string],
    next: DemoRestStatus,
  ) =>
    app.put<{ Params: { streamId: string } }>(
      `/v1/live/streams/:streamId/${verb}`,
      { schema: { params: streamParams } },
      async (request, reply) => {
        const truth = state.get(request.params.streamId)
        if (!truth) return sendError(reply, 404, ...STREAM_NOT_FOUND)
        if (!allowed(truth.status)) return sendError(reply, 400, ...refusal)
        state.setStatus(truth.def.id, next)
        return { success: true }
      },
    )
  streamAction(
    'live-enable',
    (status) => status === 'disabled',
    ['stream is already enabled', 'The requested stream is already in an enabled state.'],
    'idle',
  )
  streamAction(
    'live-disable',
    (status) => status !== 'disabled',
    ['stream already disabled', 'The requested stream is already disabled.'],
    'disabled',
  )
  streamAction(
    'finish',
    (status) => status === 'active',
    ['stream cannot be completed', 'Only active streams can be marked as completed.'],
    'idle',
  )

  // `metadata` is validated but not modelled: the demo's target metadata is fixed.
  app.put<{ Params: { streamId: string; simulcastId: string }; Body: { isEnabled: boolean } }>(
    '/v1/live/streams/:streamId/simulcast/:simulcastId',
    { schema: { params: simulcastParams, body: simulcastUpdateBody } },
    async (request, reply) => {
      const { streamId, simulcastId } = request.params
      const target = findTarget(streamId, simulcastId)
      if (!target) return sendError(reply, 404, ...SIMULCAST_NOT_FOUND)
      // FastPix's wording for this rule is not public; this text is ours.
      if (state.get(streamId)?.status === 'disabled')
        return sendError(
          reply,
          400,
          'simulcast cannot be updated',
          'A simulcast cannot be modified after its live stream is disabled.',
        )
      state.setTargetEnabled(streamId, simulcastId, request.body.isEnabled)
      return { success: true, data: restTarget(target) }
    },
  )

  return app
}

export interface DemoRestServer {
  app: FastifyInstance
  port: number
  /** Base URL like the real `https://api.fastpix.com/v1/`. */
  url: string
  setFaults(faults: DemoRestFaults | undefined): void
  setPermission(permission: DemoRestPermission): void
  setOffsetMeaning(meaning: DemoOffsetMeaning): void
  /**
   * The workspace's token from now on, as when it is rotated in the FastPix dashboard:
   * the pair in use until now answers 401 on its next request.
   */
  setCredentials(credentials: { accessTokenId: string; secretKey: string }): void
  /** The token in use is deleted in FastPix: every request answers 401 until `setCredentials`. */
  revokeToken(): void
  close(): Promise<void>
}

export async function startDemoRest(options: DemoRestOptions & { port?: number }): Promise<DemoRestServer> {
  const live: DemoRestOptions = { ...options }
  const app = buildDemoRestApp(live)
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}/v1/`,
    setFaults(faults) {
      live.faults = faults
    },
    setPermission(permission) {
      live.permission = permission
    },
    setOffsetMeaning(meaning) {
      live.offsetMeaning = meaning
    },
    setCredentials({ accessTokenId, secretKey }) {
      live.accessTokenId = accessTokenId
      live.secretKey = secretKey
    },
    revokeToken() {
      // No Basic header can match a random pair nobody was given.
      live.secretKey = `revoked-${randomBytes(24).toString('base64url')}`
    },
    close: () => app.close(),
  }
}
