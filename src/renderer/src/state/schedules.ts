// Setting a stream's schedule through MonitorApi; the stream (with its schedule and the
// watchdog's verdict) comes back in the next batch like any other change.
import type { Schedule } from '../../../shared/schedule.ts'
import { storeApi } from './api-ref.ts'

export interface ScheduleSave {
  state: 'idle' | 'saving' | 'saved' | 'error'
  streamId: string | null
  error: string | null
}

export interface ScheduleSlice {
  scheduleSave: ScheduleSave
  /** Sets (or with null clears) the schedule; false with the refusal in `scheduleSave.error`. */
  saveSchedule(streamId: string, schedule: Schedule | null): Promise<boolean>
}

type Set = (partial: { scheduleSave: ScheduleSave }) => void

export function createScheduleSlice(set: Set): ScheduleSlice {
  return {
    scheduleSave: { state: 'idle', streamId: null, error: null },
    async saveSchedule(streamId, schedule) {
      set({ scheduleSave: { state: 'saving', streamId, error: null } })
      try {
        await storeApi().setSchedule(streamId, schedule)
        set({ scheduleSave: { state: 'saved', streamId, error: null } })
        return true
      } catch (error) {
        set({ scheduleSave: { state: 'error', streamId, error: (error as Error).message } })
        return false
      }
    },
  }
}
