// Saving settings through MonitorApi; the saved values come back in the response and in the next batch.
import type { MonitorSettings } from '../../../shared/api.ts'
import { storeApi } from './api-ref.ts'

export interface SettingsSave {
  state: 'idle' | 'saving' | 'saved' | 'error'
  error: string | null
}

export interface SettingsSaveSlice {
  settingsSave: SettingsSave
  saveSettings(patch: Partial<MonitorSettings>): Promise<boolean>
}

type Set = (partial: { settingsSave: SettingsSave; settings?: MonitorSettings }) => void

export function createSettingsSaveSlice(set: Set): SettingsSaveSlice {
  return {
    settingsSave: { state: 'idle', error: null },
    async saveSettings(patch) {
      set({ settingsSave: { state: 'saving', error: null } })
      try {
        const settings = await storeApi().updateSettings(patch)
        set({ settings, settingsSave: { state: 'saved', error: null } })
        return true
      } catch (error) {
        set({ settingsSave: { state: 'error', error: (error as Error).message } })
        return false
      }
    },
  }
}
