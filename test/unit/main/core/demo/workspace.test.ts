import { describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../../../../src/main/core/demo/plan.ts'
import { generateDemoSecret } from '../../../../../src/main/core/demo/simulator.ts'
import { applyPlanUntil, DemoWorkspace } from '../../../../../src/main/core/demo/workspace.ts'
import { decodeSigningSecret } from '../../../../../src/main/core/receiver/signature.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const plan = buildDemoPlan({ seed: 42, startAt: START })
const named = (name: string) => plan.streams.find((s) => s.name === name)
const delivery = (name: string, kind: string) =>
  plan.deliveries.find((d) => d.streamId === named(name)?.id && d.type === `video.live_stream.${kind}`)

describe('generateDemoSecret', () => {
  it('is a Base64 32-byte key, reproducible per seed, random without one', () => {
    expect(decodeSigningSecret(generateDemoSecret(1))?.length).toBe(32)
    expect(generateDemoSecret(1)).toBe(generateDemoSecret(1))
    expect(generateDemoSecret(1)).not.toBe(generateDemoSecret(2))
    expect(generateDemoSecret()).not.toBe(generateDemoSecret())
  })
})

describe('DemoWorkspace', () => {
  it('starts empty and lists created streams newest first', () => {
    const ws = new DemoWorkspace(plan)
    expect(ws.list()).toEqual([])
    applyPlanUntil(ws, plan, 10_000)
    const created = ws.list().map((s) => s.def.createdAt)
    expect(created).toEqual([...created].sort().reverse())
    expect(ws.id).toBe(plan.workspace.id)
  })

  it('follows event time, not delivery order: a late `preparing` does not undo `active`', () => {
    const ws = applyPlanUntil(new DemoWorkspace(plan), plan, 10_000)
    const late = delivery('Main Stage', 'preparing')
    const active = delivery('Main Stage', 'active')
    expect(late?.outOfOrder).toBe(true)
    const byOccurrence = plan.deliveries
      .filter((d) => d.occurredMs <= (active?.occurredMs ?? 0) + 2000)
      .sort((a, b) => a.occurredMs - b.occurredMs)
    for (const d of byOccurrence) ws.apply(d)
    expect(ws.get(named('Main Stage')?.id ?? '')?.status).toBe('active')
  })

  it('ignores probes, duplicates and unknown types', () => {
    const ws = applyPlanUntil(new DemoWorkspace(plan), plan, 10_000)
    const before = JSON.stringify(ws.list())
    for (const d of plan.deliveries) {
      if (d.probe || d.duplicateOf !== null || d.type === 'video.live_stream.srt_detected') ws.apply(d)
    }
    expect(JSON.stringify(ws.list())).toBe(before)
  })

  it('tracks simulcast isEnabled and gives viewers only while active', () => {
    let now = START
    const ws = new DemoWorkspace(plan, () => now)
    const lobby = named('Lobby Cam')
    const off = plan.deliveries.find(
      (d) => d.streamId === lobby?.id && d.type === 'video.live_stream.simulcast_target.updated',
    )
    applyPlanUntil(ws, plan, (off?.occurredMs ?? 0) - 1)
    const id = lobby?.id ?? ''
    expect(ws.get(id)?.targets.map((t) => t.isEnabled)).toEqual([true, true])
    now = START + (off?.occurredMs ?? 0)
    const views = ws.viewers(id)
    expect(views).toBeGreaterThan(0)
    expect(ws.viewers(id)).toBe(views)
    if (off) ws.apply(off)
    expect(ws.get(id)?.targets.map((t) => t.isEnabled)).toEqual([true, false])
    applyPlanUntil(ws, plan, plan.cycleMs)
    expect(ws.get(id)?.status).toBe('idle')
    expect(ws.viewers(id)).toBe(0)
  })
})
