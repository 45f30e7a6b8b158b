// One FastPix delivery (either envelope dialect, SPEC §3) → MonitorEvent.
// The payload keeps FastPix's own key names (the user sees what was sent); only
// secrets are redacted. Field-name variants are resolved when reading, never by renaming.
import type { MonitorEvent, Verification } from '../../../shared/domain.ts'
import { isSimulcastType } from './event-types.ts'
import { redactParsed, rememberJson } from './redact-json.ts'

export interface NormalizeContext {
  receivedAt: number
  verification: Verification
}

export type NormalizeResult = { ok: true; event: MonitorEvent } | { ok: false; reason: string }

const MAX_ID_LENGTH = 255

/** Envelope variants, first match wins (SPEC §3). */
export const ENVELOPE_ALIASES = {
  id: ['id', 'webhookId'],
  workspace: ['workspace', 'Workspace', 'environment'],
  occurredAt: ['createdAt', 'created_at'],
  objectKind: ['type', 'name'],
} as const

/** `data` variants across the docs generations and the REST DTO (SPEC §4.2, §5). */
export const DATA_ALIASES = {
  playbackIds: ['playbackIds', 'playback_ids'],
  trial: ['trial', 'test', 'dataTrail'],
  srtSecret: ['srtSecret', 'srtSecert'],
  url: ['url', 'rtmpUrl', 'rtmpsUrl'],
  mediaPolicy: ['mediaPolicy', 'mediapolicy'],
  streamId: ['livestreamId', 'streamId'],
} as const

export type DataField = keyof typeof DATA_ALIASES

export function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/** Own property only: `constructor`, `toString`, … of the prototype never count as delivered. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function firstOwn(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = own(record, key)
    if (value !== undefined && value !== null) return value
  }
  return undefined
}

/** A `data` field under whichever of its documented names was delivered. */
export function readDataField(data: Record<string, unknown>, field: DataField): unknown {
  return firstOwn(data, DATA_ALIASES[field])
}

function idString(value: unknown): string | null {
  if (typeof value !== 'string') return null
  return value.trim() !== '' && value.length <= MAX_ID_LENGTH ? value : null
}

function firstId(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const id = idString(own(record, key))
    if (id !== null) return id
  }
  return null
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/
const MIN_EPOCH_MS = Date.UTC(2000, 0, 1)
const MAX_EPOCH_MS = Date.UTC(2100, 0, 1)

/**
 * Parses an envelope timestamp: ISO 8601 (any fraction digits, e.g. microseconds;
 * no zone = UTC) or epoch milliseconds/seconds. Null when absent or not a real instant.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    if (value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS) return Math.trunc(value)
    if (value * 1000 >= MIN_EPOCH_MS && value * 1000 < MAX_EPOCH_MS) return Math.trunc(value * 1000)
    return null
  }
  if (typeof value !== 'string' || value.length > 64) return null
  const m = ISO.exec(value.trim())
  if (!m) return null
  const part = (i: number): number => Number(m[i] ?? 0)
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)]
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return null
  // A leap second counts as :59.
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis)
  if (new Date(base).getUTCDate() !== day) return null // 2026-02-31 and the like
  return base - zoneOffsetMs(m[8])
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)
  return (zone.startsWith('-') ? -1 : 1) * minutes * 60_000
}

/** Turns one parsed delivery body into an event; `ok: false` reasons answer 400. */
export function normalizeDelivery(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const envelope = asRecord(body)
  if (envelope === null) {
    return {
      ok: false,
      reason: Array.isArray(body) ? 'body is an array, not an event' : 'body is not an object',
    }
  }
  const type = own(envelope, 'type')
  if (typeof type !== 'string' || type.trim() === '') return { ok: false, reason: 'missing event type' }
  if (type.length > MAX_ID_LENGTH) return { ok: false, reason: 'event type too long' }
  const id = firstId(envelope, ENVELOPE_ALIASES.id)
  if (id === null) return { ok: false, reason: 'missing event id' }

  const object = asRecord(own(envelope, 'object'))
  const data = asRecord(own(envelope, 'data')) ?? {}
  const workspace = asRecord(firstOwn(envelope, ENVELOPE_ALIASES.workspace))
  const streamId = (object && firstId(object, ['id'])) ?? firstId(data, DATA_ALIASES.streamId)
  const payload = redactParsed(envelope)
  rememberJson(payload.record, payload.json)

  return {
    ok: true,
    event: {
      id,
      type,
      streamId,
      simulcastId: isSimulcastType(type) ? firstId(data, ['simulcastId']) : null,
      workspaceId: workspace ? firstId(workspace, ['id']) : null,
      occurredAt: parseTimestamp(firstOwn(envelope, ENVELOPE_ALIASES.occurredAt)) ?? ctx.receivedAt,
      receivedAt: ctx.receivedAt,
      verification: ctx.verification,
      duplicateCount: 0,
      payload: payload.record,
    },
  }
}
