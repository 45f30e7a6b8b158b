// Settings files of the headless host: atomic round trips, and an invalid file costs
// only itself (defaults and a warning), never the start.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_SETTINGS,
  loadNotifications,
  loadSettings,
  saveNotifications,
  saveSettings,
} from '../../../../../src/main/core/config/settings-file.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../../src/shared/notify.ts'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fpm-settings-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('settings files', () => {
  it('missing files give the defaults without a warning', async () => {
    expect(await loadSettings(dir)).toEqual({ settings: DEFAULT_SETTINGS, warning: null })
    expect(await loadNotifications(dir)).toEqual({ saved: null, warning: null })
  })

  it('round-trips monitor and notification settings, leaving no temp files', async () => {
    const settings = { ...DEFAULT_SETTINGS, retention: { maxAgeDays: 7, maxEvents: 10 } }
    await saveSettings(dir, settings)
    const saved = {
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, sound: false },
      state: { mutes: { s1: 1_900_000_000_000 }, pausedUntil: 'indefinitely' as const },
    }
    await saveNotifications(dir, saved)
    expect((await loadSettings(dir)).settings).toEqual(settings)
    expect((await loadNotifications(dir)).saved).toEqual(saved)
    expect((await readdir(dir)).sort()).toEqual(['notifications.json', 'settings.json'])
  })

  it('the hold limits round-trip; a file from before they existed keeps its values and gets the default hold', async () => {
    const settings = { ...DEFAULT_SETTINGS, hold: { maxMiB: 5, maxDeliveries: 20 } }
    await saveSettings(dir, settings)
    expect(await loadSettings(dir)).toEqual({ settings, warning: null })
    const older = { thresholds: DEFAULT_SETTINGS.thresholds, retention: { maxAgeDays: 3, maxEvents: 9 } }
    await writeFile(join(dir, 'settings.json'), JSON.stringify(older))
    expect(await loadSettings(dir)).toEqual({
      settings: { ...older, hold: { maxMiB: 50, maxDeliveries: 10_000 } },
      warning: null,
    })
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ ...older, hold: { maxMiB: 0, maxDeliveries: 1 } }),
    )
    const bad = await loadSettings(dir)
    expect(bad.settings).toEqual(DEFAULT_SETTINGS)
    expect(bad.warning).toMatch(/settings\.json.*whole number of MiB from 1 to 4,096/s)
  })

  it('an invalid file is ignored with a warning naming it', async () => {
    await writeFile(join(dir, 'notifications.json'), '{"settings": {"sound": "loud"}, "state": {}}')
    await writeFile(join(dir, 'settings.json'), 'not json')
    const n = await loadNotifications(dir)
    expect(n.saved).toBeNull()
    expect(n.warning).toContain('notifications.json')
    const s = await loadSettings(dir)
    expect(s.settings).toEqual(DEFAULT_SETTINGS)
    expect(s.warning).toContain('settings.json')
  })
})
