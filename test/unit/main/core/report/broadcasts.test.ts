import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BroadcastSpan,
  type LifecycleFact,
  segmentBroadcasts,
} from '../../../../../src/main/core/report/broadcasts.ts'
import type { Connection, StreamStatus } from '../../../../../src/shared/domain.ts'

const T0 = Date.UTC(2026, 11, 6, 10, 0, 0)

let n = 0
function fact(
  at: number,
  status: StreamStatus | null,
  connection: Connection | null,
  reconnectWindowSec: number | null = null,
): LifecycleFact {
  n += 1
  return { id: `ev-${n}`, at, status, connection, reconnectWindowSec }
}
const active = (at: number): LifecycleFact => fact(at, 'active', 'connected')
const connected = (at: number): LifecycleFact => fact(at, null, 'connected')
const disconnected = (at: number): LifecycleFact => fact(at, null, 'disconnected')
const idle = (at: number): LifecycleFact => fact(at, 'idle', 'disconnected')
/** A simulcast or `updated` event: says nothing of the stream's lifecycle. */
const noise = (at: number): LifecycleFact => fact(at, null, null)

const shape = (spans: BroadcastSpan[]) =>
  spans.map(({ startedAt, endedAt, disconnects }) => ({ startedAt, endedAt, disconnects }))

describe('segmentBroadcasts (scripted)', () => {
  const options = { reconnectWindowSec: 60, now: T0 + 3_600_000 }

  it('a reconnect inside the window continues the broadcast; idle ends it', () => {
    const spans = segmentBroadcasts(
      [
        connected(T0 - 5000),
        active(T0),
        disconnected(T0 + 60_000),
        connected(T0 + 80_000),
        idle(T0 + 600_000),
      ],
      options,
    )
    expect(shape(spans)).toEqual([
      {
        startedAt: T0,
        endedAt: T0 + 600_000,
        disconnects: [{ at: T0 + 60_000, durationMs: 20_000, reconnected: true }],
      },
    ])
    expect(spans[0]?.endedBy).toBe('idle')
  })

  it('a disconnect that outlasts the window ends the broadcast when the window runs out', () => {
    const spans = segmentBroadcasts(
      [active(T0), disconnected(T0 + 10_000), idle(T0 + 70_400), active(T0 + 200_000)],
      options,
    )
    expect(shape(spans)).toEqual([
      {
        startedAt: T0,
        endedAt: T0 + 70_000,
        disconnects: [{ at: T0 + 10_000, durationMs: 60_000, reconnected: false }],
      },
      { startedAt: T0 + 200_000, endedAt: null, disconnects: [] },
    ])
    expect(spans.map((s) => s.endedBy)).toEqual(['window', null])
  })

  it("ends at the window's end even when FastPix's idle never arrives", () => {
    const spans = segmentBroadcasts([active(T0), disconnected(T0 + 10_000), connected(T0 + 500_000)], options)
    expect(shape(spans)).toEqual([
      {
        startedAt: T0,
        endedAt: T0 + 70_000,
        disconnects: [{ at: T0 + 10_000, durationMs: 60_000, reconnected: false }],
      },
    ])
  })

  it("uses the stream's own reconnect window", () => {
    const spans = segmentBroadcasts(
      [fact(T0 - 1000, 'idle', null, 120), active(T0), disconnected(T0 + 1000), connected(T0 + 100_000)],
      options,
    )
    expect(spans[0]?.disconnects).toEqual([{ at: T0 + 1000, durationMs: 99_000, reconnected: true }])
    expect(spans[0]?.reconnectWindowSec).toBe(120)
  })

  it('a disconnect still inside its window at `now` is open; the broadcast is live', () => {
    const spans = segmentBroadcasts([active(T0), disconnected(T0 + 1000)], { ...options, now: T0 + 30_000 })
    expect(shape(spans)).toEqual([
      {
        startedAt: T0,
        endedAt: null,
        disconnects: [{ at: T0 + 1000, durationMs: null, reconnected: false }],
      },
    ])
  })

  it('a stream that was never active has no broadcast', () => {
    expect(segmentBroadcasts([connected(T0), disconnected(T0 + 1000), idle(T0 + 2000)], options)).toEqual([])
  })
})

// ---- property: random lifecycles, redelivered and shuffled, against the model that made them

interface ModelBroadcast {
  startedAt: number
  endedAt: number | null
  disconnects: { at: number; durationMs: number | null; reconnected: boolean }[]
}

const plan = fc.record({
  windowSec: fc.integer({ min: 5, max: 120 }),
  broadcasts: fc.array(
    fc.record({
      lead: fc.integer({ min: 1, max: 30_000 }),
      disconnects: fc.array(
        fc.record({
          after: fc.integer({ min: 1, max: 300_000 }),
          /** Share of the window the encoder stays away (< 1: back in time). */
          away: fc.double({ min: 0, max: 0.999, noNaN: true }),
          via: fc.constantFrom('connected', 'active', 'preparing'),
        }),
        { maxLength: 5 },
      ),
      end: fc.oneof(
        fc.record({ kind: fc.constant('idle' as const), after: fc.integer({ min: 1, max: 300_000 }) }),
        fc.record({
          kind: fc.constant('finish-while-away' as const),
          after: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        }),
        fc.record({
          kind: fc.constant('window' as const),
          idleLag: fc.option(fc.integer({ min: 0, max: 5000 })),
        }),
        fc.record({ kind: fc.constant('live' as const) }),
      ),
      noise: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
})

type Plan = typeof plan extends fc.Arbitrary<infer P> ? P : never

function play(p: Plan): { facts: LifecycleFact[]; expected: ModelBroadcast[]; now: number } {
  const facts: LifecycleFact[] = [fact(T0, 'idle', null, p.windowSec)]
  const windowMs = p.windowSec * 1000
  const expected: ModelBroadcast[] = []
  let t = T0 + 1000
  p.broadcasts.forEach((b, index) => {
    const last = index === p.broadcasts.length - 1
    const end = b.end.kind === 'live' && !last ? { kind: 'idle' as const, after: 1000 } : b.end
    facts.push(connected(t), fact(t + 1, 'preparing', 'connected'))
    const start = t + b.lead
    facts.push(active(start))
    const model: ModelBroadcast = { startedAt: start, endedAt: null, disconnects: [] }
    expected.push(model)
    t = start
    for (const d of b.disconnects) {
      const at = t + d.after
      const back = at + Math.max(1, Math.floor(d.away * windowMs))
      facts.push(disconnected(at))
      facts.push(d.via === 'connected' ? connected(back) : fact(back, d.via as StreamStatus, 'connected'))
      model.disconnects.push({ at, durationMs: back - at, reconnected: true })
      t = back
    }
    const endAt = (() => {
      switch (end.kind) {
        case 'idle': {
          facts.push(idle(t + end.after))
          return t + end.after
        }
        case 'finish-while-away': {
          const at = t + 1000
          const fin = at + Math.max(1, Math.floor(end.after * windowMs))
          facts.push(disconnected(at), idle(fin))
          model.disconnects.push({ at, durationMs: fin - at, reconnected: false })
          return fin
        }
        case 'window': {
          const at = t + 1000
          facts.push(disconnected(at))
          if (end.idleLag !== null) facts.push(idle(at + windowMs + end.idleLag))
          model.disconnects.push({ at, durationMs: windowMs, reconnected: false })
          return at + windowMs
        }
        case 'live':
          return null
      }
    })()
    model.endedAt = endAt
    const span = (endAt ?? t + 1000) - start
    for (const share of b.noise) facts.push(noise(start + Math.floor(share * span)))
    // The next broadcast's encoder connects after this one's window has surely run out.
    t = (endAt ?? t) + windowMs + 10_000
  })
  return { facts, expected, now: t + 10_000 }
}

describe('segmentBroadcasts (property)', () => {
  it('redelivered and reordered events give the broadcasts of the lifecycle that made them', () => {
    fc.assert(
      fc.property(
        plan,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
        (p, repeats, keys) => {
          const { facts, expected, now } = play(p)
          // Redeliveries carry the same id; arrival order is anything.
          const delivered = [...facts, ...repeats.map((i) => facts[i % facts.length] as LifecycleFact)]
          const shuffled = delivered
            .map((f, i) => ({ f, k: keys[i % keys.length] as number, i }))
            .sort((a, b) => a.k - b.k || a.i - b.i)
            .map(({ f }) => f)
          const got = segmentBroadcasts(shuffled, { reconnectWindowSec: 60, now })
          expect(shape(got)).toEqual(expected)
        },
      ),
      { numRuns: 400 },
    )
  })
})
