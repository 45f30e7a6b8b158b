// Folding: event-time ordering, inert duplicates, registers, targets, redacted destination.
import { describe, expect, it } from 'vitest'
import { applyEvent } from '../../../../../src/main/core/health/evaluate.ts'
import {
  foldEvent,
  foldRun,
  STATUS_RUN_CAP,
  type StatusRun,
} from '../../../../../src/main/core/health/fold.ts'
import { destinationOf } from '../../../../../src/main/core/health/format.ts'
import type { MonitorEvent } from '../../../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'
import { fold, live, S, simulcast, T0, TARGET, TARGET_B, wentLive } from './factory.ts'

const th = DEFAULT_THRESHOLDS

describe('ordering by event time', () => {
  it('an older event arriving late never rolls the state back', () => {
    const active = live('active', T0 + 10 * S)
    const preparing = live('preparing', T0)
    const s = fold([active, preparing], T0 + 11 * S)
    expect(s).toMatchObject({ status: 'active', connection: 'connected', statusSince: T0 + 10 * S })
    expect(s).toMatchObject({
      lastEventAt: T0 + 10 * S,
      lastEventType: 'video.live_stream.active',
      lastEventId: active.id,
    })
  })

  it('a late older event that changes nothing returns the same snapshot', () => {
    const s = fold([live('created', T0), live('active', T0 + 10 * S)], T0 + 11 * S)
    // Older than every field it carries: nothing to update.
    const late = live('created', T0 - 5 * S, { name: 'sdk-validate' })
    expect(applyEvent(s, late, th, T0 + 12 * S)).toBe(s)
  })

  it('equal event times are ordered by event id', () => {
    const a = live('idle', T0, { id: 'aaaaaaaa-0000-4000-8000-000000000000' })
    const b = live('active', T0, { id: 'bbbbbbbb-0000-4000-8000-000000000000' })
    expect(fold([a, b], T0).status).toBe('active')
    expect(fold([b, a], T0).status).toBe('active')
  })

  it('a late event of another status splits the current run', () => {
    // active at 10 s and 30 s; an idle at 20 s arrives last: active since 30 s.
    const events = [live('active', T0 + 10 * S), live('recording', T0 + 30 * S), live('idle', T0 + 20 * S)]
    expect(fold(events, T0 + 31 * S)).toMatchObject({ status: 'active', statusSince: T0 + 30 * S })
  })

  it('keeps the run start when the run exceeds its cap', () => {
    let run: StatusRun = { status: 'active', run: [{ at: 0, id: 'a' }], boundary: null }
    for (let i = 1; i < STATUS_RUN_CAP * 3; i++) run = foldRun(run, 'active', { at: i, id: 'a' }) ?? run
    expect(run.run).toHaveLength(STATUS_RUN_CAP)
    expect(run.run[0]).toEqual({ at: 0, id: 'a' })
    expect(run.run.at(-1)).toEqual({ at: STATUS_RUN_CAP * 3 - 1, id: 'a' })
  })
})

describe('duplicates are inert', () => {
  const lifecycle: MonitorEvent[] = [
    ...wentLive(T0),
    live('recording', T0 + S),
    live('disconnected', T0 + 20 * S),
    simulcast('created', TARGET, T0 - 200 * S),
    simulcast('starting', TARGET, T0 + 2 * S),
    simulcast('updated', TARGET, T0 + 3 * S, { isEnabled: false }),
  ]
  it.each(lifecycle.map((e) => [e.type, e] as const))('%s applied twice returns the same object', (_, e) => {
    const s = fold(lifecycle, T0 + 30 * S)
    expect(applyEvent(s, e, th, T0 + 30 * S)).toBe(s)
    expect(foldEvent(s, e, th)).toBe(s)
  })

  it('a disconnect counted once however often it is delivered', () => {
    const d = live('disconnected', T0 + 20 * S)
    const s = fold([...wentLive(T0), d, d, d], T0 + 21 * S)
    expect(s.recentDisconnects).toEqual([T0 + 20 * S])
  })
})

describe('registers', () => {
  it('name and reconnect window follow the newest event that carries them', () => {
    const s = fold(
      [
        live('updated', T0 + 20 * S, { name: 'new name', reconnectWindow: 120 }),
        live('created', T0, { name: 'old name', reconnectWindow: 60 }),
      ],
      T0 + 30 * S,
    )
    expect(s).toMatchObject({ name: 'new name', reconnectWindowSec: 120 })
  })

  it('a snapshot built elsewhere (no fold state, e.g. a reconcile) keeps folding', () => {
    const { fold: _fold, ...bare } = fold(wentLive(T0), T0 + S)
    const s = applyEvent(bare, live('disconnected', T0 + 10 * S), th, T0 + 11 * S)
    expect(s).toMatchObject({
      status: 'active',
      connection: 'disconnected',
      health: 'down',
      reconnectDeadline: T0 + 70 * S,
    })
    // An older event than the seeded status does not roll it back.
    expect(applyEvent(bare, live('idle', T0 - 5 * S), th, T0 + 11 * S).status).toBe('active')
  })

  it('rejects an event for another stream', () => {
    const s = fold([live('created', T0)], T0)
    expect(() => foldEvent(s, live('created', T0, { stream: 'other' }), th)).toThrow(/other/)
  })
})

describe('simulcast targets', () => {
  it('are keyed by simulcastId and listed by id', () => {
    const s = fold([simulcast('created', TARGET_B, T0), simulcast('created', TARGET, T0 + S)], T0 + 2 * S)
    expect(s.simulcastTargets.map((t) => t.id)).toEqual([TARGET, TARGET_B])
    expect(s).toMatchObject({
      lastEventType: 'video.live_stream.simulcast_target.created',
      status: 'unknown',
    })
  })

  it('follow event time, not arrival', () => {
    const s = fold(
      [simulcast('broadcasting', TARGET, T0 + 10 * S), simulcast('starting', TARGET, T0 + 5 * S)],
      T0 + 11 * S,
    )
    expect(s.simulcastTargets[0]).toMatchObject({ reportedState: 'broadcasting', stateSince: T0 + 10 * S })
  })

  it('keep only scheme and host of the destination', () => {
    const s = fold(
      [
        simulcast('created', TARGET, T0, {
          rtmpUrl: 'rtmp://hyd01.contribute.live-video.net/app/live_1012464221_DuM8W004',
        }),
      ],
      T0,
    )
    expect(s.simulcastTargets[0]?.destination).toBe('rtmp://hyd01.contribute.live-video.net')
    expect(JSON.stringify(s)).not.toContain('live_1012464221')
  })

  it.each([
    [{ url: 'rtmps://a.rtmp.youtube.com:443/live2/abcd-efgh' }, 'rtmps://a.rtmp.youtube.com:443'],
    [{ rtmpUrl: 'rtmp://user:secret@live.example.com/app/key' }, 'rtmp://live.example.com'],
    [{ rtmpUrl: 'not a url' }, null],
    [{ rtmpUrl: 42 }, null],
    [{}, null],
    [null, null],
  ])('destinationOf(%j) = %s', (data, expected) => {
    expect(destinationOf(data)).toBe(expected)
  })
})
