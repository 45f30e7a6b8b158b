import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../../../../src/main/core/demo/plan.ts'
import type { DemoDelivery, DemoPlan } from '../../../../../src/main/core/demo/types.ts'
import { STREAM_KEYS } from '../../../../support/fastpix-examples.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const plan = buildDemoPlan({ seed: 42, startAt: START })
const HEX32 = /^[0-9a-f]{32}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const events = (p: DemoPlan): DemoDelivery[] => p.deliveries.filter((d) => !d.probe && d.duplicateOf === null)
const streamEvents = (p: DemoPlan, name: string, type?: string): DemoDelivery[] => {
  const id = p.streams.find((s) => s.name === name)?.id
  return events(p)
    .filter((d) => d.streamId === id && d.simulcastId === null && (type === undefined || d.type === type))
    .sort((a, b) => a.occurredMs - b.occurredMs)
}
/** seqs of deliveries sent after a newer event of the same stream. */
function crossings(p: DemoPlan): number[] {
  const seen = new Map<string, number>()
  const crossed: number[] = []
  for (const d of p.deliveries) {
    if (d.streamId === null || d.duplicateOf !== null) continue
    const newest = seen.get(d.streamId) ?? Number.NEGATIVE_INFINITY
    if (d.occurredMs < newest) crossed.push(d.seq)
    seen.set(d.streamId, Math.max(newest, d.occurredMs))
  }
  return crossed
}
const live = (kind: string): string => `video.live_stream.${kind}`

describe('buildDemoPlan determinism', () => {
  it('gives the same plan for the same seed and a different one for another seed', () => {
    expect(buildDemoPlan({ seed: 42, startAt: START })).toEqual(plan)
    const other = buildDemoPlan({ seed: 43, startAt: START })
    expect(other).not.toEqual(plan)
    expect(other.streams.map((s) => s.id)).not.toEqual(plan.streams.map((s) => s.id))
  })

  it('is deterministic for any seed, stream count and cycle', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, streams, cycle) => {
          const a = buildDemoPlan({ seed, streams, startAt: START, cycle })
          expect(buildDemoPlan({ seed, streams, startAt: START, cycle })).toEqual(a)
          expect(a.streams).toHaveLength(streams)
        },
      ),
      { numRuns: 25, seed: 7 },
    )
  })
})

describe('the workspace it describes', () => {
  it('has six named streams with hex ids, realistic secrets and 0–3 simulcast targets', () => {
    expect(plan.streams.map((s) => s.name)).toEqual([
      'Main Stage',
      'Studio B',
      'Gaming Night',
      'Church Service',
      'Conference Hall 2',
      'Lobby Cam',
    ])
    for (const s of plan.streams) {
      expect(s.id).toMatch(HEX32)
      expect(s.streamKey).toMatch(HEX32)
      expect(s.targets.length).toBeLessThanOrEqual(3)
      for (const t of s.targets) {
        expect(t.id).toMatch(HEX32)
        expect(t.url).toMatch(/^rtmps?:\/\/[a-z0-9.-]+(:\d+)?\/[a-z0-9]+\/$/)
        expect(t.streamKey.length).toBeGreaterThan(15)
      }
    }
    expect(plan.streams.some((s) => s.targets.length >= 2)).toBe(true)
    expect(new Set(plan.streams.flatMap((s) => s.targets.map((t) => t.platform)))).toEqual(
      new Set(['YouTube', 'Twitch', 'Facebook', 'Restream']),
    )
  })
})

describe('one cycle contains every scenario', () => {
  it('starts with the unsigned probe (empty body or {})', () => {
    const first = plan.deliveries[0]
    expect(first?.probe).toBe(true)
    expect(first?.body === null || JSON.stringify(first?.body) === '{}').toBe(true)
    expect(plan.deliveries.filter((d) => d.probe)).toHaveLength(1)
  })

  it('re-sends an event with the same id and body (duplicate)', () => {
    const dups = plan.deliveries.filter((d) => d.duplicateOf !== null)
    expect(dups.length).toBeGreaterThanOrEqual(1)
    for (const dup of dups) {
      const original = plan.deliveries[dup.duplicateOf ?? -1]
      expect(original?.eventId).toBe(dup.eventId)
      expect(JSON.stringify(original?.body)).toBe(JSON.stringify(dup.body))
      expect(dup.atMs).toBeGreaterThan(original?.atMs ?? Number.POSITIVE_INFINITY)
    }
  })

  it('delivers an older event after a newer one of the same stream — only where flagged', () => {
    expect(plan.deliveries.filter((d) => d.outOfOrder).length).toBeGreaterThanOrEqual(1)
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 4 }), (seed, cycle) => {
        const p = buildDemoPlan({ seed, startAt: START, cycle })
        expect(crossings(p)).toEqual(p.deliveries.filter((d) => d.outOfOrder).map((d) => d.seq))
      }),
      { numRuns: 40, seed: 11 },
    )
  })

  it('sends an unknown event type', () => {
    expect(events(plan).some((d) => d.type === 'video.live_stream.srt_detected')).toBe(true)
  })

  it('has a clean session: created → connected → preparing → active → recording → disconnected → idle', () => {
    const kinds = streamEvents(plan, 'Main Stage').map((d) => d.type?.replace('video.live_stream.', ''))
    expect(kinds).toEqual([
      'created',
      'connected',
      'preparing',
      'active',
      'recording',
      'updated',
      'disconnected',
      'idle',
    ])
    const targets = events(plan).filter((d) => d.streamId === plan.streams[0]?.id && d.simulcastId !== null)
    for (const t of plan.streams[0]?.targets ?? []) {
      expect(targets.filter((d) => d.simulcastId === t.id).map((d) => d.type)).toEqual([
        'video.live_stream.simulcast_target.created',
        'video.live_stream.simulcast_target.starting',
        'video.live_stream.simulcast_target.broadcasting',
      ])
    }
  })

  it('has a preparing stretch longer than 60 s', () => {
    const preparing = streamEvents(plan, 'Conference Hall 2', live('preparing'))[0]
    const active = streamEvents(plan, 'Conference Hall 2', live('active'))[0]
    expect((active?.occurredMs ?? 0) - (preparing?.occurredMs ?? 0)).toBeGreaterThan(60_000)
  })

  it('reconnects inside the 60 s window without going idle', () => {
    const ev = streamEvents(plan, 'Studio B')
    const drop = ev.findIndex((d) => d.type === live('disconnected'))
    const next = ev[drop + 1]
    expect(next?.type).toBe(live('connected'))
    expect((next?.occurredMs ?? 0) - (ev[drop]?.occurredMs ?? 0)).toBeLessThan(60_000)
  })

  it('ends a stream when the window expires (disconnected, then idle 60 s later, nothing between)', () => {
    const ev = streamEvents(plan, 'Church Service')
    const drop = ev.findIndex((d) => d.type === live('disconnected'))
    expect(ev[drop + 1]?.type).toBe(live('idle'))
    expect((ev[drop + 1]?.occurredMs ?? 0) - (ev[drop]?.occurredMs ?? 0)).toBe(60_000)
  })

  it('flaps: at least 3 disconnects within 5 minutes on one stream', () => {
    const drops = streamEvents(plan, 'Gaming Night', live('disconnected')).map((d) => d.occurredMs)
    expect(drops.length).toBeGreaterThanOrEqual(3)
    expect((drops[2] ?? 0) - (drops[0] ?? 0)).toBeLessThan(5 * 60_000)
  })

  it('has a target stuck starting for more than 30 s while its parent is active', () => {
    const lobby = plan.streams.find((s) => s.name === 'Lobby Cam')
    const stuck = lobby?.targets.at(-1)
    const ev = events(plan).filter((d) => d.simulcastId === stuck?.id)
    const starting = ev.find((d) => d.type === 'video.live_stream.simulcast_target.starting')
    expect(ev.some((d) => d.type === 'video.live_stream.simulcast_target.broadcasting')).toBe(false)
    const active = streamEvents(plan, 'Lobby Cam', live('active'))[0]
    const end = streamEvents(plan, 'Lobby Cam', live('disconnected'))[0]
    expect(active?.occurredMs).toBeLessThan(starting?.occurredMs ?? 0)
    expect((end?.occurredMs ?? 0) - (starting?.occurredMs ?? 0)).toBeGreaterThan(30_000)
  })

  it('has stream `updated` and simulcast `updated` with isEnabled false then true', () => {
    expect(events(plan).some((d) => d.type === live('updated'))).toBe(true)
    const flips = events(plan)
      .filter((d) => d.type === 'video.live_stream.simulcast_target.updated')
      .map((d) => (d.body?.data as { isEnabled?: boolean } | undefined)?.isEnabled)
    expect(flips).toContain(false)
    expect(flips).toContain(true)
  })

  it('uses both envelope dialects with the right keys', () => {
    const newer = events(plan).find((d) => d.dialect === 'workspace')?.body ?? {}
    const legacy = events(plan).find((d) => d.dialect === 'environment' && d.simulcastId === null)?.body ?? {}
    expect(Object.keys(newer)).toEqual(['type', 'object', 'id', 'workspace', 'data', 'createdAt', 'attempts'])
    expect(Object.keys(legacy)).toEqual([
      'type',
      'request_id',
      'object',
      'id',
      'environment',
      'data',
      'created_at',
      'attempts',
      'accessor_source',
      'accessor',
    ])
    const table = events(plan).find((d) => d.body && 'webhookId' in d.body)?.body ?? {}
    expect(Object.keys(table)).toEqual([
      'type',
      'webhookId',
      'object',
      'environment',
      'data',
      'created_at',
      'attempts',
      'accessor_source',
      'accessor',
    ])
    expect(legacy.data).toHaveProperty('playback_ids')
    expect(legacy.data).toHaveProperty('test', false)
    const dialects = events(plan).map((d) => d.dialect)
    expect(dialects.filter((d) => d === 'workspace').length).toBeGreaterThan(dialects.length / 2)
  })
})

describe('event bodies', () => {
  it('carry UUID ids, createdAt at scenario time and realistic data with secrets', () => {
    for (const d of events(plan)) {
      const body = d.body ?? {}
      expect(body.id ?? body.webhookId).toBe(d.eventId)
      expect(d.eventId).toMatch(UUID)
      expect(body.createdAt ?? body.created_at).toBe(new Date(START + d.occurredMs).toISOString())
      expect(body.object).toEqual(
        'webhookId' in body ? { name: 'live', id: d.streamId } : { type: 'live', id: d.streamId },
      )
      const data = body.data as Record<string, unknown>
      if (d.simulcastId) {
        expect(data.simulcastId).toBe(d.simulcastId)
        expect(String(data.rtmpUrl).endsWith(String(data.streamKey))).toBe(true)
      } else {
        expect(data.streamId).toBe(d.streamId)
        expect(typeof data.streamKey).toBe('string')
        expect(typeof (data.srtSecret ?? data.srtSecert)).toBe('string')
      }
    }
    expect(new Set(events(plan).map((d) => d.eventId)).size).toBe(events(plan).length)
  })

  it('newer-dialect live data has the REST Stream keys of the webhook example', () => {
    const active = streamEvents(plan, 'Main Stage', live('active'))[0]
    // The webhook's data is a REST Stream without its simulcast targets (same key order).
    expect(Object.keys(active?.body?.data ?? {})).toEqual(
      STREAM_KEYS.filter((k) => k !== 'simulcastResponses'),
    )
    expect((active?.body?.data as { status?: string } | undefined)?.status).toBe('active')
  })
})

describe('cycles', () => {
  it('every session of every cycle ends idle before the cycle ends, and later cycles skip probe and created', () => {
    for (const cycle of [0, 1, 2]) {
      const p = buildDemoPlan({ seed: 9, startAt: START, cycle })
      const from = cycle * p.cycleMs
      for (const d of p.deliveries) {
        expect(d.atMs).toBeGreaterThanOrEqual(from)
        expect(d.atMs).toBeLessThan(from + p.cycleMs)
      }
      for (const s of p.streams) {
        const last = streamEvents(p, s.name).at(-1)
        expect(last?.type).toBe(live('idle'))
      }
      if (cycle > 0) {
        expect(p.deliveries.some((d) => d.probe || d.type?.endsWith('.created'))).toBe(false)
        expect(new Set(p.deliveries.map((d) => d.eventId)).size).toBeGreaterThan(50)
      }
    }
  })

  it('scales to more streams with the scenarios repeating', () => {
    const big = buildDemoPlan({ seed: 3, streams: 12, startAt: START })
    expect(new Set(big.streams.map((s) => s.id)).size).toBe(12)
    expect(big.streams[6]?.scenario).toBe('clean-session')
    expect(big.deliveries[0]?.probe).toBe(true)
  })
})
