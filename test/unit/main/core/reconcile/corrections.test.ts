// Corrections from FastPix's REST answer, folded through the real health engine: what
// differs is corrected and marked as the reconciler's; what a newer webhook said stands.
import { describe, expect, it } from 'vitest'
import type { FastPixStream } from '../../../../../src/main/core/fastpix/schemas.ts'
import { createHealthEngine, RECONCILED_REASON } from '../../../../../src/main/core/health/engine.ts'
import { deletedCorrection, streamCorrections } from '../../../../../src/main/core/reconcile/corrections.ts'
import type { MonitorEvent } from '../../../../../src/shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../../../../src/shared/event-types.ts'
import {
  live,
  OTHER_STREAM,
  S,
  STREAM,
  simulcast,
  T0,
  TARGET,
  TARGET_B,
  wentLive,
} from '../health/factory.ts'

const rest = (status: string, patch: Partial<FastPixStream> = {}): FastPixStream =>
  ({
    streamId: STREAM,
    status,
    createdAt: '2026-05-20T10:00:00.000Z',
    reconnectWindow: 60,
    streamKey: 'live-stream-key-should-never-be-stored',
    srtSecret: 'srt-secret-should-never-be-stored',
    ...patch,
  }) as FastPixStream

function engineWith(events: MonitorEvent[], now: number) {
  const engine = createHealthEngine()
  for (const e of events) engine.apply(e, now)
  return engine
}

const OBSERVED = T0 + 10 * 60 * S
const o = { observedAt: OBSERVED, graceMs: 15 * S }

describe('reconcile corrections', () => {
  it('missed idle: active here, idle at FastPix → one correction, offline, marked on the timeline', () => {
    const engine = engineWith(wentLive(T0), T0 + S)
    const fixes = streamCorrections(engine.get(STREAM), rest('idle'), o)
    expect(fixes.map((e) => e.type)).toEqual([RECONCILED])
    expect(fixes[0]).toMatchObject({ occurredAt: OBSERVED, verification: 'verified', streamId: STREAM })
    expect(JSON.stringify(fixes[0]!.payload)).not.toMatch(/should-never-be-stored/)
    const transitions = engine.apply(fixes[0]!, OBSERVED)
    expect(engine.get(STREAM)).toMatchObject({ status: 'idle', health: 'offline' })
    expect(transitions[0]).toMatchObject({ cause: 'reconcile', toHealth: 'offline', eventId: fixes[0]!.id })
    expect(transitions[0]!.reason.startsWith(RECONCILED_REASON)).toBe(true)
  })

  it('nothing to correct when FastPix agrees', () => {
    const engine = engineWith(wentLive(T0), T0 + S)
    expect(streamCorrections(engine.get(STREAM), rest('active'), o)).toEqual([])
  })

  it('a stream never heard of is added with FastPix’s status and name', () => {
    const fixes = streamCorrections(
      undefined,
      rest('active', { streamId: OTHER_STREAM, metadata: { name: 'Lobby' } }),
      o,
    )
    const engine = engineWith(fixes, OBSERVED)
    expect(engine.get(OTHER_STREAM)).toMatchObject({ status: 'active', name: 'Lobby', health: 'healthy' })
  })

  it('leaves a stream alone that a webhook touched within the grace period', () => {
    const engine = engineWith(wentLive(OBSERVED - 5 * S), OBSERVED)
    expect(streamCorrections(engine.get(STREAM), rest('idle'), o)).toEqual([])
  })

  it('never rolls back: a webhook stamped after the observation wins; an older one arriving late does not', () => {
    const engine = engineWith(wentLive(T0), T0 + S)
    for (const fix of streamCorrections(engine.get(STREAM), rest('idle'), o)) engine.apply(fix, OBSERVED)
    engine.apply(live('active', OBSERVED - 60 * S), OBSERVED + S)
    expect(engine.get(STREAM)?.status).toBe('idle')
    engine.apply(live('connected', OBSERVED + 2 * S), OBSERVED + 3 * S)
    engine.apply(live('active', OBSERVED + 3 * S), OBSERVED + 3 * S)
    expect(engine.get(STREAM)?.status).toBe('active')
  })

  it('still active at FastPix long after our reconnect deadline: the encoder came back', () => {
    const engine = engineWith([...wentLive(T0), live('disconnected', T0 + 10 * S)], T0 + 10 * S)
    engine.tick(OBSERVED)
    expect(engine.get(STREAM)?.health).toBe('unknown')
    const fixes = streamCorrections(engine.get(STREAM), rest('active'), o)
    expect(fixes).toHaveLength(1)
    engine.apply(fixes[0]!, OBSERVED)
    expect(engine.get(STREAM)).toMatchObject({ connection: 'connected', health: 'healthy' })
  })

  it('targets: a new one is added, a disabled one corrected, a vanished one deleted', () => {
    const engine = engineWith(
      [
        ...wentLive(T0),
        simulcast('created', TARGET, T0 - 120 * S, { isEnabled: true }),
        simulcast('broadcasting', TARGET, T0 + 2 * S),
        simulcast('created', TARGET_B, T0 - 120 * S, { isEnabled: true }),
      ],
      T0 + 3 * S,
    )
    const answer = rest('active', {
      simulcastResponses: [
        { simulcastId: TARGET, url: 'rtmps://live.example.com/app/secret-key-123', isEnabled: false },
        {
          simulcastId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
          url: 'rtmps://a.example.com/live',
          isEnabled: true,
        },
      ],
    })
    const fixes = streamCorrections(engine.get(STREAM), answer, o)
    expect(fixes.map((e) => [e.type, e.simulcastId])).toEqual([
      [RECONCILED_TARGET, TARGET],
      [RECONCILED_TARGET, 'c0ffee00c0ffee00c0ffee00c0ffee00'],
      [RECONCILED_TARGET, TARGET_B],
    ])
    expect(JSON.stringify(fixes)).not.toContain('secret-key-123')
    for (const f of fixes) engine.apply(f, OBSERVED)
    const targets = new Map(engine.get(STREAM)!.simulcastTargets.map((t) => [t.id, t]))
    expect(targets.get(TARGET)).toMatchObject({ enabled: false, state: 'disabled' })
    expect(targets.get(TARGET_B)?.state).toBe('deleted')
    expect(targets.has('c0ffee00c0ffee00c0ffee00c0ffee00')).toBe(true)
  })

  it('a stream FastPix no longer has is deleted (not twice, not when just heard from)', () => {
    const engine = engineWith(wentLive(T0), T0 + S)
    const fixes = deletedCorrection(engine.get(STREAM)!, o)
    engine.apply(fixes[0]!, OBSERVED)
    expect(engine.get(STREAM)).toMatchObject({ status: 'deleted', health: 'offline' })
    expect(deletedCorrection(engine.get(STREAM)!, o)).toEqual([])
    const fresh = engineWith(wentLive(OBSERVED - S), OBSERVED)
    expect(deletedCorrection(fresh.get(STREAM)!, o)).toEqual([])
  })

  it('ignores a status FastPix does not document', () => {
    expect(streamCorrections(undefined, rest('archived'), o)).toEqual([])
  })
})
