// When streams should be live: set on a stream's page, kept in the workspace folder's
// schedules.json (saved before the engine takes it: a schedule that would not survive a
// restart is refused, not half set), judged by the health engine's watchdog.
import type { MonitorCoreApi } from '../../../shared/api.ts'
import type { Transition } from '../../../shared/domain.ts'
import type { Schedule } from '../../../shared/schedule.ts'
import { saveSchedules } from '../config/settings-file.ts'
import type { HealthEngine } from '../health/engine.ts'
import { publicSnapshot } from '../health/public-snapshot.ts'

export type ScheduleApi = Pick<MonitorCoreApi, 'setSchedule' | 'listSchedules'>

export interface ScheduleOptions {
  dir: string
  engine: Pick<HealthEngine, 'get' | 'schedules' | 'setSchedule'>
  now(): number
  /** What the engine's change means for the rest of the monitor (persistence, bus, notifications). */
  changed(transitions: readonly Transition[]): void
}

export interface Schedules extends ScheduleApi {
  /** Schedules set at start without saving them (the demo's). */
  preset(preset: Record<string, Schedule>): void
}

export function createSchedules({ dir, engine, now, changed }: ScheduleOptions): Schedules {
  /** Saves run one after another, so the file always ends with the newest schedules. */
  let saved: Promise<void> = Promise.resolve()
  return {
    async setSchedule(id, schedule) {
      const current = engine.get(id)
      if (current === undefined) return null
      const next = engine.schedules()
      // The same schedule again changes nothing (and is not re-evaluated).
      if (JSON.stringify(next[id] ?? null) === JSON.stringify(schedule)) return publicSnapshot(current)
      if (schedule === null) delete next[id]
      else next[id] = schedule
      const saving = saved.then(() => saveSchedules(dir, { schedules: next }))
      saved = saving.catch(() => {})
      await saving
      changed(engine.setSchedule(id, schedule, now()))
      const snap = engine.get(id)
      return snap ? publicSnapshot(snap) : null
    },
    listSchedules: async () => engine.schedules(),
    preset(preset) {
      const at = now()
      for (const [id, schedule] of Object.entries(preset)) changed(engine.setSchedule(id, schedule, at))
    },
  }
}
