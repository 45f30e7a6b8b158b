// The watchdog through the real health engine: late, ended early and overrunning come
// out of its ticks as clock transitions, and a stream without a schedule is untouched.
import { describe, expect, it } from 'vitest'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { Schedule } from '../../../../../src/shared/schedule.ts'
import { live, OTHER_STREAM, S, STREAM } from '../health/factory.ts'
import { brief, feed } from '../health/helpers.ts'

const MIN = 60 * S
/** Sunday 2025-03-30 10:00 in Berlin (the first day of summer time). */
const SLOT = Date.parse('2025-03-30T08:00:00Z')

function sunday(over: Partial<Extract<Schedule, { kind: 'weekly' }>> = {}): Schedule {
  return {
    kind: 'weekly',
    days: [0],
    time: '10:00',
    graceMin: 5,
    end: null,
    endGraceMin: 5,
    timeZone: 'Europe/Berlin',
    ...over,
  }
}

/** Ticks the engine at every wake up to `until`, collecting what changed. */
function runClock(engine: ReturnType<typeof createHealthEngine>, until: number) {
  const out = []
  for (let at = engine.nextWakeAt(); at !== null && at <= until; at = engine.nextWakeAt()) {
    out.push(...engine.tick(at))
  }
  return out
}

function idleBefore(at: number) {
  return [live('created', at - 60 * MIN, { status: 'idle' })]
}

describe('late', () => {
  it('an idle stream not live by 10:05 turns degraded at 10:05, from the clock, with the words', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, idleBefore(SLOT))
    expect(engine.get(STREAM)?.health).toBe('offline')
    expect(engine.nextWakeAt()).toBe(SLOT - 5 * MIN)
    const changes = runClock(engine, SLOT + 10 * MIN)
    expect(changes.map(brief)).toEqual([
      {
        target: null,
        health: 'offline→degraded',
        status: 'idle→idle',
        reason: 'expected live at 10:00, not live',
        cause: 'clock',
        at: SLOT + 5 * MIN,
      },
    ])
    expect(changes[0]?.watch).toBe('late')
    expect(engine.get(STREAM)).toMatchObject({
      health: 'degraded',
      healthReason: 'expected live at 10:00, not live',
      healthSince: SLOT + 5 * MIN,
      schedule: { watch: 'late', next: { startsAt: SLOT + 7 * 86_400_000, endsAt: null } },
    })
  })

  it('going live ends it (an event transition), and the stream is healthy', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, idleBefore(SLOT))
    runClock(engine, SLOT + 6 * MIN)
    const out = feed(engine, [live('connected', SLOT + 7 * MIN), live('active', SLOT + 8 * MIN)])
    expect(out.map((t) => `${t.toHealth} ${t.reason}`)).toEqual([
      'degraded expected live at 10:00, not live',
      'healthy live',
    ])
    expect(out.every((t) => t.watch === undefined)).toBe(true)
    expect(engine.get(STREAM)?.schedule?.watch).toBeNull()
  })

  it('without an expected end it stays late for 2 h, then the stream is offline again', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, idleBefore(SLOT))
    const out = runClock(engine, SLOT + 3 * 60 * MIN)
    expect(out.map((t) => [t.at, t.toHealth])).toEqual([
      [SLOT + 5 * MIN, 'degraded'],
      [SLOT + 120 * MIN, 'offline'],
    ])
  })

  it('with an expected end it stays late until that end', () => {
    const engine = createHealthEngine({
      schedules: { [STREAM]: sunday({ end: { kind: 'time', time: '10:45' } }) },
    })
    feed(engine, idleBefore(SLOT))
    const out = runClock(engine, SLOT + 3 * 60 * MIN)
    expect(out.map((t) => [t.at, t.toHealth])).toEqual([
      [SLOT + 5 * MIN, 'degraded'],
      [SLOT + 45 * MIN, 'offline'],
    ])
  })

  it('a stream already live before its slot is never late', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, [...idleBefore(SLOT), live('active', SLOT - 20 * MIN)])
    expect(runClock(engine, SLOT + 60 * MIN)).toEqual([])
    expect(engine.get(STREAM)?.health).toBe('healthy')
  })

  it('the clock time is read in the schedule zone', () => {
    const engine = createHealthEngine({
      schedules: { [STREAM]: sunday({ time: '04:00', timeZone: 'America/New_York', graceMin: 0 }) },
    })
    feed(engine, idleBefore(SLOT))
    // 04:00 EDT is 08:00Z.
    expect(runClock(engine, SLOT + MIN).map((t) => t.reason)).toEqual(['expected live at 04:00, not live'])
  })

  it('setting a schedule during the late window makes the stream late at once; clearing it ends it', () => {
    const engine = createHealthEngine()
    feed(engine, idleBefore(SLOT))
    const set = engine.setSchedule(STREAM, sunday(), SLOT + 10 * MIN)
    expect(set.map((t) => [t.toHealth, t.cause, t.watch])).toEqual([['degraded', 'clock', 'late']])
    expect(engine.schedules()).toEqual({ [STREAM]: sunday() })
    const cleared = engine.setSchedule(STREAM, null, SLOT + 11 * MIN)
    expect(cleared.map((t) => t.toHealth)).toEqual(['offline'])
    expect(engine.get(STREAM)).not.toHaveProperty('schedule')
    expect(engine.schedules()).toEqual({})
  })

  it('a stream degraded for another reason keeps it and adds the late one', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, [...idleBefore(SLOT), live('preparing', SLOT + 3 * MIN)])
    const out = runClock(engine, SLOT + 6 * MIN)
    expect(engine.get(STREAM)?.healthReason).toBe('preparing for 120 s; expected live at 10:00, not live')
    // Health did not change, but the verdict did: a transition that says so.
    expect(out.at(-1)).toMatchObject({ toHealth: 'degraded', watch: 'late' })
  })
})

describe('expected end', () => {
  const withEnd = sunday({ end: { kind: 'time', time: '11:30' }, endGraceMin: 5 })
  const END = SLOT + 90 * MIN

  it('a broadcast that ends before end − grace ended early, until the end passes', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: withEnd } })
    feed(engine, [...idleBefore(SLOT), live('active', SLOT + MIN)])
    const ended = feed(engine, [live('idle', SLOT + 60 * MIN)])
    expect(ended.map((t) => [t.toHealth, t.toStatus, t.reason, t.watch])).toEqual([
      ['degraded', 'idle', 'ended early (expected until 11:30)', 'ended-early'],
    ])
    expect(runClock(engine, END + 60 * MIN).map((t) => [t.at, t.toHealth, t.reason])).toEqual([
      [END, 'offline', 'idle'],
    ])
  })

  it('an end within the grace is on time', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: withEnd } })
    feed(engine, [...idleBefore(SLOT), live('active', SLOT + MIN)])
    const ended = feed(engine, [live('idle', END - 4 * MIN)])
    expect(ended.map((t) => [t.toHealth, t.reason])).toEqual([['offline', 'idle']])
  })

  it('one still active after end + grace is overrunning, until it ends', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: withEnd } })
    feed(engine, [...idleBefore(SLOT), live('active', SLOT + MIN)])
    const out = runClock(engine, END + 30 * MIN)
    expect(out.map(brief)).toEqual([
      {
        target: null,
        health: 'healthy→degraded',
        status: 'active→active',
        reason: 'overrunning (expected to end at 11:30)',
        cause: 'clock',
        at: END + 5 * MIN + 1,
      },
    ])
    expect(out[0]?.watch).toBe('overrunning')
    const ended = feed(engine, [live('idle', END + 40 * MIN)])
    expect(ended.map((t) => [t.toHealth, t.reason])).toEqual([['offline', 'idle']])
  })

  it('a disconnect while overrunning is still down', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: withEnd } })
    feed(engine, [...idleBefore(SLOT), live('active', SLOT + MIN)])
    runClock(engine, END + 10 * MIN)
    feed(engine, [live('disconnected', END + 11 * MIN)])
    expect(engine.get(STREAM)).toMatchObject({ health: 'down', healthReason: 'encoder disconnected' })
  })
})

describe('without a schedule', () => {
  it('a stream behaves exactly as with no watchdog, next to one that has a schedule', () => {
    const plain = createHealthEngine()
    const watched = createHealthEngine({ schedules: { [OTHER_STREAM]: sunday() } })
    const events = [...idleBefore(SLOT), live('active', SLOT + 20 * MIN), live('idle', SLOT + 30 * MIN)]
    expect(feed(watched, events)).toEqual(feed(plain, events))
    expect(watched.get(STREAM)).toEqual(plain.get(STREAM))
    expect(watched.get(STREAM)).not.toHaveProperty('schedule')
  })
})

describe('restore', () => {
  it('a late stream restored after a restart is late again on the first tick', () => {
    const engine = createHealthEngine({ schedules: { [STREAM]: sunday() } })
    feed(engine, idleBefore(SLOT))
    runClock(engine, SLOT + 6 * MIN)
    const saved = engine.snapshots()
    const again = createHealthEngine({ schedules: { [STREAM]: sunday() }, snapshots: saved })
    expect(again.tick(SLOT + 7 * MIN)).toEqual([])
    expect(again.get(STREAM)).toMatchObject({ health: 'degraded', schedule: { watch: 'late' } })
    const unscheduled = createHealthEngine({ snapshots: saved })
    expect(unscheduled.tick(SLOT + 7 * MIN).map((t) => t.toHealth)).toEqual(['offline'])
    expect(unscheduled.get(STREAM)).not.toHaveProperty('schedule')
  })
})
