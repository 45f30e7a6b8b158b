// Shared helpers for the health tests: rule tables and engine feeding.
import { expect, it } from 'vitest'
import type { HealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { Health, HealthThresholds, MonitorEvent, Transition } from '../../../../../src/shared/domain.ts'
import { fold, withThresholds } from './factory.ts'

export interface Row {
  name: string
  events: () => MonitorEvent[]
  at: number
  health: Health
  reason: string
  thresholds?: Partial<HealthThresholds>
}

/** One test per row: fold the events, evaluate at `at`, compare health and reason. */
export function checkHealth(rows: Row[]): void {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const s = fold(r.events(), r.at, withThresholds(r.thresholds ?? {}))
    expect({ health: s.health, reason: s.healthReason }).toEqual({ health: r.health, reason: r.reason })
  })
}

/** Applies each event when it happens. */
export function feed(engine: HealthEngine, events: readonly MonitorEvent[]): Transition[] {
  return events.flatMap((e) => engine.apply(e, e.occurredAt))
}

/** A transition in one line, for readable expectations. */
export const brief = (t: Transition) => ({
  target: t.targetId,
  health: `${t.fromHealth}→${t.toHealth}`,
  status: `${t.fromStatus}→${t.toStatus}`,
  reason: t.reason,
  cause: t.cause,
  at: t.at,
})
