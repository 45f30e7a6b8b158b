// The demo's broadcast schedule: one stream is expected live five minutes after the demo
// starts, with a minute's grace, and misses its slot. The stuck-preparing stream's second
// cycle starts preparing at 5:22–5:28 and goes active only 70–90 s later, so it is late
// from 6:00 until then. Before the slot it ended its first session (idle by 4:50), which
// does not count for the slot.
import { hostTimeZone, type Schedule } from '../../../shared/schedule.ts'
import type { DemoCatalog } from './types.ts'

/** Offset of the late stream's slot from the demo start. */
export const DEMO_SLOT_MS = 5 * 60_000
export const DEMO_SLOT_GRACE_MIN = 1

/** Stream id → schedule the demo sets when it starts (the operator's zone by default). */
export function demoSchedules(
  catalog: DemoCatalog,
  timeZone: string = hostTimeZone(),
): Record<string, Schedule> {
  const late = catalog.streams.find((s) => s.scenario === 'stuck-preparing')
  if (late === undefined) return {}
  return {
    [late.id]: {
      kind: 'once',
      at: new Date(catalog.startAt + DEMO_SLOT_MS).toISOString(),
      graceMin: DEMO_SLOT_GRACE_MIN,
      endAt: null,
      endGraceMin: 5,
      timeZone,
    },
  }
}
