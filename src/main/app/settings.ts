// Desktop settings service over a conf-compatible store (electron-store in the app,
// conf in tests). Writes are validated per section; a bad value throws and nothing is
// written. conf writes the file atomically on every set.
import type { MonitorSettings } from '../../shared/api.ts'
import { type AppSettings, appSettingsSchema, type WindowState } from './settings-schema.ts'

/** The part of conf / electron-store this service uses. */
export interface KeyValueFile<T> {
  get<K extends keyof T & string>(key: K): T[K]
  set<K extends keyof T & string>(key: K, value: T[K]): void
  readonly path: string
}

export interface Settings {
  read<K extends keyof AppSettings>(key: K): AppSettings[K]
  write<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void
  monitor(): MonitorSettings
  setMonitor(settings: MonitorSettings): void
  windowState(): WindowState
  setWindowState(state: WindowState): void
  readonly file: string
}

export function createSettings(store: KeyValueFile<AppSettings>): Settings {
  const read = <K extends keyof AppSettings>(key: K): AppSettings[K] => store.get(key)
  const write = <K extends keyof AppSettings>(key: K, value: AppSettings[K]): void => {
    const parsed = appSettingsSchema.shape[key].parse(value) as AppSettings[K]
    store.set(key, parsed)
  }
  return {
    read,
    write,
    monitor: () => read('monitor'),
    setMonitor: (settings) => write('monitor', settings),
    windowState: () => read('window'),
    setWindowState: (state) => write('window', state),
    file: store.path,
  }
}
