import { describe, expect, it } from 'vitest'
import {
  broadcastsOf,
  buildReport,
  pickBroadcast,
  summarize,
} from '../../../../../src/main/core/report/report.ts'
import { SCRIPT_TARGET, scriptedBroadcast, T0 } from '../../../../support/broadcast-script.ts'

const MIN = 60_000

describe('broadcast report of a scripted broadcast', () => {
  const input = scriptedBroadcast()
  const spans = broadcastsOf(input)
  const report = buildReport(input, spans, 0)
  const b = report.broadcast

  it('finds the one broadcast, from active to idle, across a reconnect inside the window', () => {
    expect(spans).toHaveLength(1)
    expect(b.startedAt).toBe(new Date(T0).toISOString())
    expect(b.endedAt).toBe(new Date(T0 + 60 * MIN).toISOString())
    expect(b.endedBy).toBe('idle')
    expect(b.durationMs).toBe(60 * MIN)
    expect(b.disconnects).toEqual([
      {
        at: new Date(T0 + 20 * MIN).toISOString(),
        durationMs: 25_000,
        reconnected: true,
        viewersAtStart: 40,
      },
    ])
  })

  it('accounts for every millisecond of the broadcast in some health state', () => {
    const total = Object.values(b.timeInHealthMs).reduce((n, ms) => n + ms, 0)
    expect(total).toBe(b.durationMs)
    expect(b.timeInHealthMs.healthy).toBeGreaterThan(50 * MIN)
    expect(b.timeInHealthMs.down + b.timeInHealthMs.degraded).toBeGreaterThan(0)
  })

  it("lists the target's outage with its state and duration", () => {
    const target = b.targets.find((t) => t.id === SCRIPT_TARGET)
    expect(target?.name).toBe('YouTube')
    const stalled = target?.outages.filter((o) => o.state === 'stalled') ?? []
    expect(stalled).toHaveLength(1)
    expect(stalled[0]?.durationMs).toBeGreaterThan(8 * MIN)
  })

  it('counts viewers, decisions, corrections and delivery figures', () => {
    expect(b.viewers.peak).toBe(220)
    expect(b.viewers.samples).toBe(13)
    expect(b.notifications.map((n) => [n.rule, n.raised])).toEqual([
      ['live', true],
      ['down', true],
      ['recovered', false],
      ['target-stalled', true],
      ['ended', false],
    ])
    expect(b.notifications[2]?.reason).toBe('flap damping')
    expect(b.corrections).toEqual([
      {
        at: new Date(T0 + 45 * MIN).toISOString(),
        from: 'active',
        to: 'active',
        targetId: null,
        missed: ['name changed'],
      },
    ])
    expect(b.delivery.duplicates).toBe(1)
    // The restarted target's "starting" overtakes the reconnect, and "recording" the target's "broadcasting".
    expect(b.delivery.outOfOrder).toBe(2)
    expect(b.delivery.lagMs.max).toBe(8_000)
  })

  it('matches the golden report', async () => {
    await expect(JSON.stringify(report, null, 2)).toMatchFileSnapshot('golden/scripted-broadcast.json')
  })

  it('summarizes newest first and picks broadcasts by latest, number and time', () => {
    expect(summarize(spans, input.now)).toEqual([
      {
        number: 1,
        startedAt: new Date(T0).toISOString(),
        endedAt: new Date(T0 + 60 * MIN).toISOString(),
        durationMs: 60 * MIN,
        disconnects: 1,
        live: false,
      },
    ])
    expect(pickBroadcast(spans, 'latest', input.now)).toBe(0)
    expect(pickBroadcast(spans, 1, input.now)).toBe(0)
    expect(pickBroadcast(spans, 2, input.now)).toBeNull()
    expect(pickBroadcast(spans, new Date(T0 + 30 * MIN).toISOString(), input.now)).toBe(0)
    expect(pickBroadcast(spans, new Date(T0 + 61 * MIN).toISOString(), input.now)).toBeNull()
    expect(pickBroadcast(spans, 'yesterday', input.now)).toBeNull()
  })
})

describe('a broadcast that began late for its schedule', () => {
  it('says since when the watchdog had it late and how late it went live', () => {
    const input = scriptedBroadcast()
    const late = {
      streamId: input.stream.id,
      targetId: null,
      at: T0 - 7 * MIN,
      fromHealth: 'offline' as const,
      toHealth: 'degraded' as const,
      fromStatus: 'idle',
      toStatus: 'idle',
      reason: 'expected live at 17:52, not live',
      eventId: null,
      cause: 'clock' as const,
    }
    // Then preparing, still late (the reason gains the stream's own words first).
    const preparing = {
      ...late,
      at: T0 - 10_000,
      toStatus: 'preparing',
      reason: 'preparing for 0 s; expected live at 17:52, not live',
    }
    // With a schedule, every change before going live carries the watchdog's words.
    const live = input.transitions.filter((t) => t.targetId !== null || t.at >= T0)
    input.transitions = [...live, late, preparing]
    const b = buildReport(input, broadcastsOf(input), 0).broadcast
    expect(b.late).toEqual({
      since: new Date(T0 - 7 * MIN).toISOString(),
      byMs: 7 * MIN,
      expected: '17:52',
      reason: 'preparing for 0 s; expected live at 17:52, not live',
    })
  })

  it('is null for a stream without a schedule', () => {
    const input = scriptedBroadcast()
    expect(buildReport(input, broadcastsOf(input), 0).broadcast.late).toBeNull()
  })
})
