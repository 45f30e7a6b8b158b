// The webhook listener as a Fastify instance: one route, raw bytes, one error
// handler. Built without listening (tests inject); startWebhookListener binds it.
import type { IncomingMessage } from 'node:http'
import fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify'
import type { HeaderLine } from '../../../shared/domain.ts'
import { redactText } from '../events/redact.ts'
import { ingestStages as stages } from '../perf/stages.ts'
import { deliveryOrigin } from '../tunnel/url-watch.ts'
import { type DeliveryAnswer, handleDelivery, type VerifyFn } from './delivery.ts'
import { safeHeaders } from './headers.ts'
import type { Intake } from './intake.ts'
import { verifySignature } from './signature.ts'

export { startWebhookListener, type WebhookListener, type WebhookListenerOptions } from './listener.ts'

/** The only route the webhook listener knows. A query string is ignored, not refused. */
export const WEBHOOK_PATH = '/webhooks/fastpix'
export const DEFAULT_BODY_LIMIT = 1024 * 1024
export const RETRY_AFTER_SECONDS = 5

export interface WebhookAppDeps {
  intake: Intake
  /** Bytes; larger bodies get 413 without being read further. Default 1 MiB. */
  bodyLimit?: number
  /** A pino-compatible logger, or false (default) for none. */
  logger?: FastifyBaseLogger | false
  now?: () => number
  /** Signature check (defaults to verifySignature); injectable so tests can count HMACs. */
  verify?: VerifyFn
  /** Idle socket timeout (default 30 s). */
  connectionTimeoutMs?: number
  /** Whole request, headers and body, must arrive within this (default 10 s). */
  requestTimeoutMs?: number
  /** Headers must arrive within this (default 5 s; never above requestTimeoutMs). */
  headersTimeoutMs?: number
  /** Idle keep-alive connections between requests (default 72 s, Fastify’s default). */
  keepAliveTimeoutMs?: number
}

const answerSchema = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    probe: { type: 'boolean' },
    duplicate: { type: 'boolean' },
    held: { type: 'boolean' },
    error: { type: 'string' },
  },
  required: ['ok'],
  additionalProperties: false,
} as const
const UNAVAILABLE = { ok: false, error: 'temporarily unavailable, retry later' }
const EMPTY = Buffer.alloc(0)

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback
}

export function buildWebhookApp(deps: WebhookAppDeps): FastifyInstance {
  const bodyLimit = positive(deps.bodyLimit, DEFAULT_BODY_LIMIT)
  const requestTimeout = positive(deps.requestTimeoutMs, 10_000)
  const headersTimeout = Math.min(positive(deps.headersTimeoutMs, 5_000), requestTimeout)
  const now = deps.now ?? Date.now
  const verify = deps.verify ?? verifySignature

  const app = fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    requestTimeout,
    connectionTimeout: positive(deps.connectionTimeoutMs, 30_000),
    keepAliveTimeout: positive(deps.keepAliveTimeoutMs, 72_000),
    // Node checks request/headers deadlines on this interval (default 30 s, far too coarse).
    http: {
      requestTimeout,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 2))),
    },
    exposeHeadRoutes: false,
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
  })

  // The media type is decided by the handler (a probe is answered whatever its type),
  // so every body is read as raw bytes: the HMAC must cover exactly what was sent.
  const contentTypes = new WeakMap<IncomingMessage, string | undefined>()
  app.addHook('onRequest', (request, reply, done) => {
    // Byte-exact path: the router would also match percent-encoded spellings (fast%70ix).
    // The exact path is checked first: it is what every real delivery sends, and
    // routeOptions is built afresh on each read.
    const url = request.raw.url ?? ''
    const query = url.indexOf('?')
    if (
      (query < 0 ? url : url.slice(0, query)) !== WEBHOOK_PATH &&
      request.routeOptions.url === WEBHOOK_PATH
    ) {
      notFound(reply)
      return
    }
    contentTypes.set(request.raw, request.headers['content-type'])
    request.headers['content-type'] = 'application/octet-stream'
    done()
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))

  app.setErrorHandler((error, request, reply) => {
    const status = clientErrorStatus(error)
    if (status === null) {
      request.log.error({ err: describeError(error) }, 'webhook receiver failed; answering 503')
      return unavailable(reply)
    }
    // The client may still be sending (413, aborted body): never read on.
    if (status === 413 || status === 408) reply.header('connection', 'close')
    if (status === 413 && request.routeOptions.url === WEBHOOK_PATH)
      recordTooLarge(deps.intake, request, now, bodyLimit, sentHeaders(request, contentTypes))
    return reply.code(status).send({ ok: false, error: clientErrorText(status) })
  })
  app.setNotFoundHandler((_request, reply) => notFound(reply))

  // Registered as a plugin, after any onRoute hook a caller adds before ready().
  app.register(async (instance) => registerWebhookRoute(instance, { ...deps, verify, now, contentTypes }))
  return app
}

interface RouteContext {
  intake: Intake
  verify: VerifyFn
  now: () => number
  contentTypes: WeakMap<IncomingMessage, string | undefined>
}

function registerWebhookRoute(app: FastifyInstance, ctx: RouteContext): void {
  const { contentTypes, now, verify } = ctx
  app.post(
    WEBHOOK_PATH,
    { schema: { response: { '2xx': answerSchema, '4xx': answerSchema } } },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : EMPTY
      let answer: DeliveryAnswer
      try {
        answer = await handleDelivery(
          {
            raw,
            signature: headerValue(request.headers['fastpix-signature']),
            contentType: contentTypes.get(request.raw),
            receivedAt: now(),
            origin: ctx.intake.addressedTo ? deliveryOrigin(request.headers) : null,
            headers: () => sentHeaders(request, contentTypes),
          },
          { intake: ctx.intake, verify },
        )
      } catch (err) {
        // Not the sender's fault (disk full, store closed): FastPix should retry.
        request.log.error({ err: describeError(err) }, 'webhook intake failed; answering 503')
        return unavailable(reply)
      }
      if (answer.recordError !== undefined) {
        request.log.error({ err: describeError(answer.recordError) }, `could not record ${answer.outcome}`)
      }
      if (answer.status >= 400) {
        request.log.warn(
          { status: answer.status, reason: answer.reason, size: raw.length },
          'webhook rejected',
        )
      } else {
        request.log.debug({ outcome: answer.outcome }, 'webhook answered')
      }
      if (answer.retryAfter !== undefined) reply.header('retry-after', String(answer.retryAfter))
      const t = stages.mark()
      reply.code(answer.status).send(answer.body)
      if (answer.status === 202) {
        stages.lap('reply', t)
        stages.answered()
      }
      return reply
    },
  )
}

/** The headers as the client sent them (the content type is rewritten to read every body raw). */
function sentHeaders(
  request: FastifyRequest,
  contentTypes: WeakMap<IncomingMessage, string | undefined>,
): HeaderLine[] {
  return safeHeaders({ ...request.headers, 'content-type': contentTypes.get(request.raw) })
}

/** A delivery over the limit goes to the rejected log too, with what its headers declared (the body is never read). */
function recordTooLarge(
  intake: Intake,
  request: FastifyRequest,
  now: () => number,
  limit: number,
  headers: HeaderLine[],
): void {
  const declared = Number(request.headers['content-length'])
  intake
    .reject({
      receivedAt: now(),
      reason: 'body over the size limit',
      status: 413,
      // Chunked without a length: at least one byte past the limit, all we know.
      size: Number.isSafeInteger(declared) && declared > limit ? declared : limit + 1,
      preview: '',
      headers,
    })
    .catch((err: unknown) => request.log.error({ err: describeError(err) }, 'could not record a 413'))
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ ok: false, error: 'not found' })
}

function unavailable(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(UNAVAILABLE)
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? value.join(', ') : value
}

/** The status for an error caused by the request itself, or null for our own failures. */
function clientErrorStatus(error: unknown): number | null {
  if (error === null || typeof error !== 'object') return null
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 413
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 415
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP_')) return 400
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null
  return statusCode === 413 || statusCode === 415 || statusCode === 408 ? statusCode : 400
}

function clientErrorText(status: number): string {
  if (status === 413) return 'body too large'
  if (status === 415) return 'content type must be application/json'
  if (status === 408) return 'request timeout'
  return 'bad request'
}

/** Error details fit for a log line: no payload, secrets masked. */
function describeError(error: unknown): { message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { message: redactText(error.message, 500), ...(typeof code === 'string' ? { code } : {}) }
  }
  return { message: redactText(String(error), 500) }
}
