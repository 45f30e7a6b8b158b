// Desktop settings against `conf` (what electron-store wraps, same options):
// defaults, schema validation, migrations, recovery from a broken file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf, { type Schema } from 'conf'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSettings } from '../../../../src/main/app/settings.ts'
import {
  type AppSettings,
  DEFAULT_APP_SETTINGS,
  normalizeSettings,
  settingsFileOptions,
} from '../../../../src/main/app/settings-schema.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fpm-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function open(projectVersion = '0.1.0') {
  const { name, schema, ...rest } = settingsFileOptions()
  return new Conf<AppSettings>({
    ...rest,
    schema: schema as Schema<AppSettings>,
    configName: name,
    cwd: dir,
    projectVersion,
  })
}

describe('settings store', () => {
  it('a fresh store holds the defaults', () => {
    const settings = createSettings(open())
    expect(settings.read('closeToTray')).toBe(true)
    expect(settings.read('startAtLogin')).toBe(false)
    expect(settings.monitor()).toEqual(DEFAULT_APP_SETTINGS.monitor)
    expect(settings.windowState()).toEqual({ bounds: null, maximized: false })
  })

  it('notification settings and a pause or mute survive a reopen; bad ones are refused', () => {
    const settings = createSettings(open())
    const saved = settings.read('notifications')
    expect(saved.state).toEqual({ mutes: {}, pausedUntil: null })
    const next = {
      settings: { ...saved.settings, flapIntervalSec: 600, rules: { ...saved.settings.rules, live: false } },
      state: { mutes: { s1: 1_800_000_000_000 }, pausedUntil: 'indefinitely' as const },
    }
    settings.write('notifications', next)
    expect(createSettings(open()).read('notifications')).toEqual(next)
    expect(() =>
      settings.write('notifications', { ...next, state: { mutes: {}, pausedUntil: -5 } } as never),
    ).toThrow()
    expect(createSettings(open()).read('notifications')).toEqual(next)
  })

  it('writes survive a reopen', () => {
    const settings = createSettings(open())
    settings.setWindowState({ bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: true })
    settings.setMonitor({ ...DEFAULT_APP_SETTINGS.monitor, retention: { maxAgeDays: 7, maxEvents: 1000 } })
    settings.write('closeToTray', false)
    const again = createSettings(open())
    expect(again.windowState()).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: true })
    expect(again.monitor().retention).toEqual({ maxAgeDays: 7, maxEvents: 1000 })
    expect(again.read('closeToTray')).toBe(false)
  })

  it('refuses invalid values and keeps the old one', () => {
    const settings = createSettings(open())
    expect(() => settings.setWindowState({ bounds: { width: 10, height: 10 }, maximized: false })).toThrow()
    expect(() =>
      settings.setMonitor({
        ...DEFAULT_APP_SETTINGS.monitor,
        thresholds: { ...DEFAULT_APP_SETTINGS.monitor.thresholds, flapCount: 0 },
      }),
    ).toThrow()
    expect(() => settings.write('webhookPort', 70_000)).toThrow()
    expect(settings.windowState().bounds).toBeNull()
    expect(settings.monitor()).toEqual(DEFAULT_APP_SETTINGS.monitor)
  })

  it('the hold limits of unsigned deliveries: 50 MiB / 10,000 by default, kept across a reopen, bad ones refused', () => {
    const settings = createSettings(open())
    expect(settings.monitor().hold).toEqual({ maxMiB: 50, maxDeliveries: 10_000 })
    settings.setMonitor({ ...settings.monitor(), hold: { maxMiB: 8, maxDeliveries: 300 } })
    expect(createSettings(open()).monitor().hold).toEqual({ maxMiB: 8, maxDeliveries: 300 })
    expect(() =>
      settings.setMonitor({ ...settings.monitor(), hold: { maxMiB: 0, maxDeliveries: 300 } }),
    ).toThrow(/whole number of MiB from 1 to 4,096/)
    expect(() =>
      settings.setMonitor({ ...settings.monitor(), hold: { maxMiB: 8, maxDeliveries: 2_000_000 } }),
    ).toThrow(/whole number of deliveries from 1 to 1,000,000/)
    const store = open()
    expect(() =>
      store.set('monitor', { ...settings.monitor(), hold: { maxMiB: 8.5, maxDeliveries: 1 } } as never),
    ).toThrow(/hold/)
    expect(createSettings(open()).monitor().hold).toEqual({ maxMiB: 8, maxDeliveries: 300 })
  })

  it('a file written before the hold setting existed keeps every section and gets the default hold', () => {
    const before = {
      ...DEFAULT_APP_SETTINGS,
      closeToTray: false,
      webhookPort: 9000,
      monitor: {
        thresholds: DEFAULT_APP_SETTINGS.monitor.thresholds,
        retention: { maxAgeDays: 3, maxEvents: 10 },
      },
      workspace: { mode: 'live', accessTokenId: 'tok-1', publicUrl: null },
    }
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ __internal__: { migrations: { version: '0.1.0' } }, ...before }),
    )
    const settings = createSettings(open('0.1.0'))
    expect(settings.read('closeToTray')).toBe(false)
    expect(settings.read('webhookPort')).toBe(9000)
    expect(settings.read('workspace')).toEqual(before.workspace)
    expect(settings.monitor()).toEqual({ ...before.monitor, hold: { maxMiB: 50, maxDeliveries: 10_000 } })
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(file.monitor.hold).toEqual({ maxMiB: 50, maxDeliveries: 10_000 })
  })

  it('the JSON schema (generated from zod) is enforced by the store itself too', () => {
    const store = open()
    expect(() => store.set('closeToTray', 'yes' as never)).toThrow(/closeToTray/)
    expect(() => store.set('monitor', { thresholds: {}, retention: {} } as never)).toThrow()
  })

  it('a file that no longer parses is replaced by the defaults instead of stopping the app', () => {
    createSettings(open()).write('startAtLogin', true)
    writeFileSync(join(dir, 'settings.json'), '{ not json')
    expect(createSettings(open()).read('startAtLogin')).toBe(false)
  })
})

describe('migrations', () => {
  it('an earlier store is brought to the current shape, keeping every valid section', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        __internal__: { migrations: { version: '0.0.9' } },
        closeToTray: false,
        window: { bounds: { width: 1000, height: 800 }, maximized: false },
        monitor: { thresholds: { reconnectWindowSec: 'sixty' }, retention: { maxAgeDays: 3, maxEvents: 10 } },
        legacyTheme: 'dark',
      }),
    )
    const store = open('0.1.0')
    const settings = createSettings(store)
    expect(settings.read('closeToTray')).toBe(false)
    expect(settings.windowState()).toEqual({ bounds: { width: 1000, height: 800 }, maximized: false })
    // The monitor section was invalid as a whole: defaults for it, nothing half-applied.
    expect(settings.monitor()).toEqual(DEFAULT_APP_SETTINGS.monitor)
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(file.legacyTheme).toBeUndefined()
    expect(file.__internal__.migrations.version).toBe('0.1.0')
  })

  it('an earlier store whose monitor section has no hold keeps that section, with the default hold', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        __internal__: { migrations: { version: '0.0.9' } },
        monitor: {
          thresholds: DEFAULT_APP_SETTINGS.monitor.thresholds,
          retention: { maxAgeDays: 3, maxEvents: 10 },
        },
      }),
    )
    expect(createSettings(open('0.1.0')).monitor()).toEqual({
      thresholds: DEFAULT_APP_SETTINGS.monitor.thresholds,
      retention: { maxAgeDays: 3, maxEvents: 10 },
      hold: { maxMiB: 50, maxDeliveries: 10_000 },
    })
  })

  it('normalizeSettings keeps valid sections and defaults the rest (pure)', () => {
    expect(normalizeSettings(null)).toEqual(DEFAULT_APP_SETTINGS)
    expect(normalizeSettings({ startAtLogin: true, notifications: { enabled: 'no' } })).toEqual({
      ...DEFAULT_APP_SETTINGS,
      startAtLogin: true,
    })
  })
})
