import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIVE_STREAM_EVENTS, SIMULCAST_EVENTS } from '../../../../../src/main/core/events/event-types.ts'
import { factsOf } from '../../../../../src/main/core/events/facts.ts'
import {
  normalizeDelivery,
  parseTimestamp,
  readDataField,
} from '../../../../../src/main/core/events/normalize.ts'
import type { MonitorEvent } from '../../../../../src/shared/domain.ts'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const RECEIVED = Date.UTC(2026, 4, 20, 14, 0, 0)
const ctx = { receivedAt: RECEIVED, verification: 'verified' as const }

function normalized(body: unknown): MonitorEvent {
  const result = normalizeDelivery(body, ctx)
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}`)
  return result.event
}

function reasonFor(body: unknown): string {
  const result = normalizeDelivery(body, ctx)
  if (result.ok) throw new Error('expected a rejection')
  return result.reason
}

const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))

describe('normalizeDelivery — fixtures (both dialects)', () => {
  it('there are fixtures of both dialects', () => {
    expect(fixtureFiles.some((f) => f.includes('legacy-docs'))).toBe(true)
    expect(fixtureFiles.some((f) => !f.includes('legacy-docs'))).toBe(true)
  })

  it.each(fixtureFiles)('%s normalizes', (file) => {
    const body = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>
    const event = normalized(body)
    expect(event.type).toBe(body.type)
    expect(event.id).toBe(body.id)
    expect(event.streamId).toBe((body.object as { id: string }).id)
    const workspace = (body.workspace ?? body.environment) as { id: string }
    expect(event.workspaceId).toBe(workspace.id)
    expect(event.occurredAt).toBe(Date.parse(String(body.createdAt ?? body.created_at)))
    expect(event.receivedAt).toBe(RECEIVED)
    expect(event.verification).toBe('verified')
    expect(event.duplicateCount).toBe(0)
    expect(event.simulcastId).toBe(file.includes('simulcast') ? '314a486a-3dc7-4cf5-9fcc-1708a4683f21' : null)
    // Keys are FastPix's own; only secrets changed.
    expect(Object.keys(event.payload)).toEqual(Object.keys(body))
    const data = event.payload.data as Record<string, unknown>
    expect(data.streamKey).toBe('[redacted]')
    if ('rtmpUrl' in data) expect(data.rtmpUrl).toBe('rtmp://hyd01.contribute.live-video.net/app/[redacted]')
    expect(JSON.stringify(event.payload)).not.toContain('81ta-sr0p-hrpr-t5tt-6bed')
    expect(JSON.stringify(event.payload)).not.toContain('DuM8W004MoZYNxQEZ0czODgfHCFBhk')
    expect(factsOf(event).known).toBe(true)
  })
})

describe('normalizeDelivery — event types', () => {
  const envelope = (type: string) => ({
    type,
    id: `evt-${type}`,
    object: { type: 'live', id: 'stream-1' },
    workspace: { id: 'ws-1', name: 'Dev' },
    data: { simulcastId: 'sim-1', livestreamId: 'stream-1', status: 'active' },
    createdAt: '2026-05-20T12:00:00Z',
  })

  it.each([...LIVE_STREAM_EVENTS])('%s (live stream) normalizes without simulcastId', (type) => {
    const event = normalized(envelope(type))
    expect(event).toMatchObject({ type, streamId: 'stream-1', simulcastId: null, workspaceId: 'ws-1' })
  })

  it.each([...SIMULCAST_EVENTS])('%s (simulcast) carries the simulcastId', (type) => {
    expect(normalized(envelope(type))).toMatchObject({ type, streamId: 'stream-1', simulcastId: 'sim-1' })
  })

  it('an unknown type normalizes (stored and shown, never dropped)', () => {
    const event = normalized(envelope('video.live_stream.srt_detected'))
    expect(event.type).toBe('video.live_stream.srt_detected')
    expect(factsOf(event).known).toBe(false)
    expect(normalized({ type: 'something.else', id: 'x' })).toMatchObject({
      streamId: null,
      workspaceId: null,
    })
  })
})

describe('normalizeDelivery — name variants', () => {
  const base = { type: 'video.live_stream.active', data: {} }

  it('event id: id or webhookId', () => {
    expect(normalized({ ...base, id: 'a' }).id).toBe('a')
    expect(normalized({ ...base, webhookId: 'b' }).id).toBe('b')
    expect(normalized({ ...base, id: '', webhookId: 'c' }).id).toBe('c')
  })

  it('workspace: workspace, Workspace or environment', () => {
    expect(normalized({ ...base, id: '1', workspace: { id: 'w1' } }).workspaceId).toBe('w1')
    expect(normalized({ ...base, id: '1', Workspace: { name: 'x', id: 'w2' } }).workspaceId).toBe('w2')
    expect(normalized({ ...base, id: '1', environment: { name: 'x', id: 'w3' } }).workspaceId).toBe('w3')
  })

  it('timestamp: createdAt or created_at, microseconds included', () => {
    expect(normalized({ ...base, id: '1', createdAt: '2026-05-20T10:10:00.333884Z' }).occurredAt).toBe(
      Date.UTC(2026, 4, 20, 10, 10, 0, 333),
    )
    expect(normalized({ ...base, id: '1', created_at: '2023-12-06T09:12:28.808Z' }).occurredAt).toBe(
      Date.UTC(2023, 11, 6, 9, 12, 28, 808),
    )
  })

  it('object.type or object.name; streamId falls back to data.livestreamId / data.streamId', () => {
    expect(normalized({ ...base, id: '1', object: { name: 'live', id: 's1' } }).streamId).toBe('s1')
    expect(normalized({ ...base, id: '1', object: { type: 'live', id: 's2' } }).streamId).toBe('s2')
    expect(normalized({ ...base, id: '1', data: { livestreamId: 's3' } }).streamId).toBe('s3')
    expect(normalized({ ...base, id: '1', data: { streamId: 's4' } }).streamId).toBe('s4')
    expect(normalized({ ...base, id: '1', object: { id: 7 }, data: { streamId: 's5' } }).streamId).toBe('s5')
  })

  it.each([
    ['playbackIds', 'playback_ids', [{ id: 'p', accessPolicy: 'public' }]],
    ['trial', 'test', true],
    ['mediaPolicy', 'mediapolicy', 'private'],
    ['url', 'rtmpUrl', 'rtmp://a.example/app/[redacted]'],
  ] as const)(
    'data.%s is read under its variant name %s, payload keys untouched',
    (field, variant, value) => {
      const event = normalized({ ...base, id: '1', data: { [variant]: value } })
      const data = event.payload.data as Record<string, unknown>
      expect(Object.keys(data)).toEqual([variant])
      expect(readDataField(data, field)).toEqual(value)
      expect(readDataField({ [field]: value }, field)).toEqual(value)
    },
  )

  it('srtSecret and srtSecert (sic) are both read and both redacted', () => {
    for (const variant of ['srtSecret', 'srtSecert']) {
      const data = normalized({ ...base, id: '1', data: { [variant]: 'very-secret-srt-value' } }).payload
        .data as Record<string, unknown>
      expect(readDataField(data, 'srtSecret')).toBe('[redacted]')
    }
  })

  it('url variants keep host and first segment, hide the key path', () => {
    const event = normalized({
      ...base,
      id: '1',
      data: { url: 'rtmps://live.example.com:443/rtmp/FB-123-KEY' },
    })
    expect((event.payload.data as Record<string, unknown>).url).toBe(
      'rtmps://live.example.com:443/rtmp/[redacted]',
    )
  })
})

describe('normalizeDelivery — timestamps and bad input', () => {
  it('missing or invalid timestamp → receivedAt', () => {
    for (const createdAt of [
      undefined,
      null,
      '',
      'yesterday',
      '2026-13-01T00:00:00Z',
      '2026-02-31T00:00:00Z',
      12,
    ]) {
      expect(normalized({ type: 't', id: '1', createdAt }).occurredAt).toBe(RECEIVED)
    }
  })

  it('parseTimestamp handles zones, fractions and epochs', () => {
    expect(parseTimestamp('2026-05-20T12:00:00+05:30')).toBe(Date.UTC(2026, 4, 20, 6, 30))
    expect(parseTimestamp('2026-05-20T12:00:00-0100')).toBe(Date.UTC(2026, 4, 20, 13, 0))
    expect(parseTimestamp('2026-05-20T12:00:00')).toBe(Date.UTC(2026, 4, 20, 12, 0))
    expect(parseTimestamp('2026-05-20 12:00:00.5Z')).toBe(Date.UTC(2026, 4, 20, 12, 0, 0, 500))
    expect(parseTimestamp('2026-05-20T12:00:00.123456789Z')).toBe(Date.UTC(2026, 4, 20, 12, 0, 0, 123))
    expect(parseTimestamp(Date.UTC(2026, 0, 1))).toBe(Date.UTC(2026, 0, 1))
    expect(parseTimestamp(Date.UTC(2026, 0, 1) / 1000)).toBe(Date.UTC(2026, 0, 1))
    expect(parseTimestamp('1')).toBeNull()
    expect(parseTimestamp(Number.NaN)).toBeNull()
  })

  it.each([
    ['null', null, 'body is not an object'],
    ['an array', [{ type: 't', id: '1' }], 'body is an array, not an event'],
    ['a string', 'video.live_stream.active', 'body is not an object'],
    ['no type', { id: '1' }, 'missing event type'],
    ['a numeric type', { type: 5, id: '1' }, 'missing event type'],
    ['a blank type', { type: '  ', id: '1' }, 'missing event type'],
    ['no id', { type: 't' }, 'missing event id'],
    ['a numeric id', { type: 't', id: 42 }, 'missing event id'],
    ['an over-long id', { type: 't', id: 'x'.repeat(256) }, 'missing event id'],
    ['an over-long type', { type: 't'.repeat(256), id: '1' }, 'event type too long'],
  ])('rejects %s', (_name, body, reason) => {
    expect(reasonFor(body)).toBe(reason)
  })

  it('inherited properties never count as delivered fields', () => {
    const body = Object.create({ type: 'inherited', id: 'inherited' }) as Record<string, unknown>
    expect(reasonFor(body)).toBe('missing event type')
  })

  it('keeps the verification it was given', () => {
    const result = normalizeDelivery({ type: 't', id: '1' }, { receivedAt: 1, verification: 'unverified' })
    expect(result.ok && result.event.verification).toBe('unverified')
  })
})
