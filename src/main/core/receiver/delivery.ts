// The receiver contract (DESIGN.md "Receiver contract") for one delivery whose body
// has been read within the size limit. HTTP-free so each branch is easy to test.
import type { HeaderLine, Verification } from '../../../shared/domain.ts'
import { normalizeDelivery } from '../events/normalize.ts'
import { redactText } from '../events/redact.ts'
import { safeParseJson } from '../events/safe-json.ts'
import { ingestStages as stages } from '../perf/stages.ts'
import type { Intake } from './intake.ts'

export interface DeliveryInput {
  raw: Buffer
  /** `FastPix-Signature` header value; null when the header is absent. */
  signature: string | null
  /** Content-Type header as sent; undefined when absent. */
  contentType: string | undefined
  receivedAt: number
  /**
   * Public origin the request says it was addressed to (Host / X-Forwarded-*), when known.
   * Anyone can send any Host: it is handed on only for a new, verified delivery (W11).
   */
  origin?: string | null
  /** The request's headers as a rejection keeps them (safeHeaders); read only on a rejection. */
  headers?: () => HeaderLine[]
}

export type VerifyFn = (raw: Buffer, header: string | null, key: Buffer) => boolean

export interface DeliveryDeps {
  intake: Intake
  verify: VerifyFn
}

export type DeliveryOutcome =
  | 'probe'
  | 'accepted'
  | 'duplicate'
  | 'held'
  | 'unsupported-media-type'
  | 'unauthorized'
  | 'bad-request'
  | 'hold-full'

export interface DeliveryAnswer {
  status: number
  body: Record<string, unknown>
  outcome: DeliveryOutcome
  /** Short, secret-free explanation for the log (rejections only). */
  reason?: string
  /** Set when recording a probe or rejection failed (the answer stands regardless). */
  recordError?: unknown
  /** Seconds for a Retry-After header (a 503 the sender should retry). */
  retryAfter?: number
}

/** W10: nothing changes until someone enters the secret, so FastPix need not retry soon. */
export const HOLD_FULL_RETRY_AFTER_SECONDS = 60

export const PREVIEW_LENGTH = 300
const PREVIEW_BYTES = 4096
// JSON whitespace only: an unsigned empty body or `{}` is FastPix's endpoint probe.
const PROBE_BODY = /^[ \t\r\n]*(?:\{[ \t\r\n]*\}[ \t\r\n]*)?$/

export function isProbeBody(raw: Buffer): boolean {
  return raw.length <= 64 && PROBE_BODY.test(raw.toString('latin1'))
}

/** `application/json`, any case, parameters (charset …) allowed. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (typeof contentType !== 'string') return false
  const semicolon = contentType.indexOf(';')
  const essence = (semicolon >= 0 ? contentType.slice(0, semicolon) : contentType).trim().toLowerCase()
  return essence === 'application/json'
}

/** At most PREVIEW_LENGTH characters of the body, secrets redacted. */
export function previewOf(raw: Buffer): string {
  return redactText(raw.subarray(0, PREVIEW_BYTES).toString('utf8'), PREVIEW_LENGTH)
}

/** Decides and records one delivery. Throws only when the intake fails to commit an event. */
export async function handleDelivery(input: DeliveryInput, deps: DeliveryDeps): Promise<DeliveryAnswer> {
  const { raw, signature, receivedAt } = input
  const { intake } = deps

  if (signature === null && isProbeBody(raw)) {
    const recordError = await settle(() => intake.probe({ receivedAt, size: raw.length }))
    return { status: 200, body: { ok: true, probe: true }, outcome: 'probe', recordError }
  }
  if (raw.length > 0 && !isJsonMediaType(input.contentType)) {
    return reject(input, deps, 415, 'unsupported content type', 'content type must be application/json')
  }

  const key = intake.signingKey()
  let t = stages.mark()
  if (key !== null) {
    if (signature === null) return reject(input, deps, 401, 'missing signature')
    if (!deps.verify(raw, signature, key)) return reject(input, deps, 401, 'signature mismatch')
  }
  t = stages.lap('verify', t)
  const verification: Verification = key === null ? 'unverified' : 'verified'
  const parsed = safeParseJson(raw)
  if (!parsed.ok) return reject(input, deps, 400, parsed.reason)
  t = stages.lap('parse', t)
  const normalized = normalizeDelivery(parsed.value, { receivedAt, verification })
  if (!normalized.ok) return reject(input, deps, 400, normalized.reason)
  stages.lap('normalize', t)

  const commit =
    key === null
      ? await intake.hold(normalized.event, { raw, signature })
      : await intake.accept(normalized.event)
  if (commit.outcome === 'refused') return holdFull()
  const duplicate = commit.outcome === 'duplicate'
  // Only FastPix can sign a new event; a probe, a held delivery or a replay of signed bytes
  // could come from anyone with any Host. (A held delivery verified later keeps no headers.)
  if (key !== null && !duplicate && input.origin) intake.addressedTo?.(input.origin)
  if (key === null) return { status: 202, body: { ok: true, duplicate, held: true }, outcome: 'held' }
  return { status: 202, body: { ok: true, duplicate }, outcome: duplicate ? 'duplicate' : 'accepted' }
}

const OUTCOME = { 400: 'bad-request', 401: 'unauthorized', 415: 'unsupported-media-type' } as const

/** Decided by the store before the body is kept: nothing of this delivery was stored. */
function holdFull(): DeliveryAnswer {
  return {
    status: 503,
    body: {
      ok: false,
      error: 'no signing secret is set and the hold of unverified deliveries is full; retry later',
    },
    outcome: 'hold-full',
    reason: 'hold full',
    retryAfter: HOLD_FULL_RETRY_AFTER_SECONDS,
  }
}

async function reject(
  input: DeliveryInput,
  deps: DeliveryDeps,
  status: 400 | 401 | 415,
  reason: string,
  error = reason,
): Promise<DeliveryAnswer> {
  const recordError = await settle(() =>
    deps.intake.reject({
      receivedAt: input.receivedAt,
      reason,
      status,
      size: input.raw.length,
      preview: previewOf(input.raw),
      headers: input.headers?.() ?? [],
    }),
  )
  return {
    status,
    body: { ok: false, error },
    outcome: OUTCOME[status],
    reason,
    recordError,
  }
}

/** Bookkeeping that must not turn a client's bad input into a 5xx. */
async function settle(task: () => Promise<void>): Promise<unknown> {
  try {
    await task()
    return undefined
  } catch (err) {
    return err ?? new Error('intake failed')
  }
}
