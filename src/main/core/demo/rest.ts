// The fake FastPix REST subset (SPEC §6) over the DemoWorkspace truth. Loopback only.
import { createHash, timingSafeEqual } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import { streamObject } from './payloads.ts'
import type { DemoStreamTruth, DemoTargetTruth, DemoWorkspace } from './workspace.ts'

/** Fault injection for tests: every `everyNth` request (default every one) waits `delayMs`, then answers `status`. */
export interface DemoRestFaults {
  status?: number
  delayMs?: number
  everyNth?: number
}

export interface DemoRestOptions {
  state: DemoWorkspace
  accessTokenId: string
  secretKey: string
  /** Read on every request, so it may be changed while running. */
  faults?: DemoRestFaults
}

const ERRORS: Record<number, { message: string; description: string }> = {
  400: { message: 'invalid request', description: 'One or more request parameters are invalid.' },
  401: { message: 'unauthorized', description: 'Invalid access token ID or secret key.' },
  404: { message: 'not found', description: 'The requested resource was not found.' },
  429: { message: 'too many requests', description: 'Rate limit exceeded. Please retry later.' },
  500: { message: 'internal server error', description: 'Something went wrong. Please try again later.' },
  503: { message: 'service unavailable', description: 'The service is temporarily unavailable.' },
}

function sendError(reply: FastifyReply, code: number, message?: string, description?: string): FastifyReply {
  const known = ERRORS[code] ?? { message: 'error', description: 'Request failed.' }
  return reply.code(code).send({
    success: false,
    error: { code, message: message ?? known.message, description: description ?? known.description },
  })
}

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
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  })
  let requests = 0

  app.addHook('onRequest', async (request, reply) => {
    requests += 1
    const faults = options.faults
    if (faults && requests % Math.max(1, Math.floor(faults.everyNth ?? 1)) === 0) {
      if (faults.delayMs) await sleep(faults.delayMs)
      if (faults.status) return sendError(reply, faults.status)
    }
    if (!authorized(request.headers.authorization, options.accessTokenId, options.secretKey)) {
      reply.header('www-authenticate', 'Basic realm="FastPix"')
      return sendError(reply, 401)
    }
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
      const page = all.slice((offset - 1) * limit, offset * limit)
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
      if (!truth)
        return sendError(reply, 404, 'stream not found', 'No live stream exists with the given streamId.')
      return { success: true, data: restStream(truth) }
    },
  )

  app.get<{ Params: { streamId: string } }>(
    '/v1/live/streams/:streamId/viewer-count',
    { schema: { params: streamParams } },
    async (request, reply) => {
      const truth = state.get(request.params.streamId)
      if (!truth)
        return sendError(reply, 404, 'stream not found', 'No live stream exists with the given streamId.')
      return { success: true, data: { views: state.viewers(truth.def.id) } }
    },
  )

  app.get<{ Params: { streamId: string; simulcastId: string } }>(
    '/v1/live/streams/:streamId/simulcast/:simulcastId',
    {
      schema: {
        params: {
          type: 'object',
          required: ['streamId', 'simulcastId'],
          properties: { streamId: { type: 'string' }, simulcastId: { type: 'string' } },
        },
      },
    },
    async (request, reply) => {
      const target = state
        .get(request.params.streamId)
        ?.targets.find((t) => t.exists && t.def.id === request.params.simulcastId)
      if (!target)
        return sendError(reply, 404, 'simulcast not found', 'No simulcast exists with the given ids.')
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
    close: () => app.close(),
  }
}
