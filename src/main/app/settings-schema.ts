// The desktop settings file: shape, defaults, JSON schema and migrations. Pure (no
// Electron), so the same options drive electron-store in the app and `conf` (what
// electron-store wraps) in tests. The zod schema is the one source: the store's
// JSON schema is generated from it.
import { z } from 'zod'
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  notificationSettingsSchema,
  notifierStateSchema,
} from '../../shared/notify.ts'
import { settingsSchema } from '../../shared/schemas.ts'
import { FILE_MODE } from '../core/config/private-files.ts'
import { DEFAULT_SETTINGS } from '../core/config/settings-file.ts'

const boundsSchema = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000).optional(),
  y: z.number().int().min(-100_000).max(100_000).optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
})

export const appSettingsSchema = z.strictObject({
  /** Health thresholds, retention and the hold limits, as the core and the dashboard know them. */
  monitor: settingsSchema,
  window: z.strictObject({ bounds: boundsSchema.nullable(), maximized: z.boolean() }),
  /** Closing the window keeps the app running in the tray. */
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  /** Notification rules and switches, and what the user paused or muted (survives restarts). */
  notifications: z.strictObject({ settings: notificationSettingsSchema, state: notifierStateSchema }),
  /** Webhook receiver port of a real workspace (the demo takes any free port). */
  webhookPort: z.number().int().min(0).max(65_535),
  /** The workspace chosen (null: first run) and its non-secret connection settings; secrets live in safeStorage. */
  workspace: z.strictObject({
    mode: z.enum(['demo', 'live']).nullable(),
    accessTokenId: z.string().min(1).max(255).nullable(),
    publicUrl: z
      .discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('ngrok'), domain: z.string().min(1).max(253).nullable() }),
        z.strictObject({ mode: z.literal('own'), url: z.string().min(1).max(2048) }),
      ])
      .nullable(),
  }),
})

export type AppSettings = z.infer<typeof appSettingsSchema>
export type WindowBounds = z.infer<typeof boundsSchema>
export type WindowState = AppSettings['window']

export const DEFAULT_APP_SETTINGS: AppSettings = {
  monitor: DEFAULT_SETTINGS,
  window: { bounds: null, maximized: false },
  closeToTray: true,
  startAtLogin: false,
  notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, state: { mutes: {}, pausedUntil: null } },
  webhookPort: 8790,
  workspace: { mode: null, accessTokenId: null, publicUrl: null },
}

const SECTIONS = Object.keys(DEFAULT_APP_SETTINGS) as (keyof AppSettings)[]

/**
 * Keeps every section of `raw` that is valid on its own and takes the default for
 * the rest; unknown keys are dropped. A hand-edited or half-written file costs one
 * section, never the whole file.
 */
export function normalizeSettings(raw: unknown): AppSettings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  const out: Record<string, unknown> = {}
  for (const key of SECTIONS) {
    const parsed = appSettingsSchema.shape[key].safeParse(source[key])
    out[key] = parsed.success ? parsed.data : DEFAULT_APP_SETTINGS[key]
  }
  return out as AppSettings
}

/** The slice of a store a migration step works on (conf hands it the store itself). */
export interface MigrationStore {
  readonly store: Record<string, unknown>
  set(key: string, value: unknown): void
  delete(key: string): void
}

/**
 * Steps by app version (conf runs each once, in version order, when the app
 * version passes it; never on a fresh file). 0.1.0 is the baseline: it brings any
 * earlier store to the current shape section by section. A field added with a default
 * (`monitor.hold`) needs no step: the JSON schema carries the default, which the store
 * fills in when it reads a file without it, whatever version wrote that file.
 */
export const SETTINGS_MIGRATIONS: Record<string, (store: MigrationStore) => void> = {
  '0.1.0': (store) => {
    const current = store.store
    const next = normalizeSettings(current)
    for (const key of Object.keys(current)) {
      if (key !== '__internal__' && !(key in next)) store.delete(key)
    }
    for (const key of SECTIONS) store.set(key, next[key])
  },
}

/** JSON schema of each top-level key, as conf's `schema` option wants it. */
export function storeSchema(): Record<string, object> {
  const json = z.toJSONSchema(appSettingsSchema) as { properties: Record<string, object> }
  return json.properties
}

/** The options both electron-store (app) and conf (tests) are built with. */
export function settingsFileOptions() {
  return {
    name: 'settings',
    schema: storeSchema(),
    defaults: DEFAULT_APP_SETTINGS,
    migrations: SETTINGS_MIGRATIONS,
    // A file that no longer parses or validates is replaced by the defaults rather than stopping the app.
    clearInvalidConfig: true,
    // D7: readable by this user only (conf's own default is 0666 less the umask).
    configFileMode: FILE_MODE,
  }
}
