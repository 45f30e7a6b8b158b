// Monitor settings (thresholds, retention, hold limits) persisted as JSON next to the
// database (headless host). Written atomically (temp file + rename) so a crash never leaves half a file.
import { randomBytes } from 'node:crypto'
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { MonitorSettings } from '../../../shared/api.ts'
import { DEFAULT_THRESHOLDS } from '../../../shared/domain.ts'
import { DEFAULT_HOLD } from '../../../shared/hold.ts'
import { notificationSettingsSchema, notifierStateSchema } from '../../../shared/notify.ts'
import { type SavedSchedules, savedSchedulesSchema } from '../../../shared/schedule.ts'
import { settingsSchema } from '../../../shared/schemas.ts'
import type { SavedNotifications } from '../notify/center.ts'
import { FILE_MODE } from './private-files.ts'

export const DEFAULT_SETTINGS: MonitorSettings = {
  thresholds: DEFAULT_THRESHOLDS,
  retention: { maxAgeDays: 30, maxEvents: 1_000_000 },
  hold: DEFAULT_HOLD,
}

/** A JSON file checked by `schema`: null when missing; an invalid one is ignored with a warning naming it. */
async function loadJson<T>(
  file: string,
  schema: z.ZodType<T>,
): Promise<{ value: T | null; warning: string | null }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { value: null, warning: null }
  }
  try {
    return { value: schema.parse(JSON.parse(text)), warning: null }
  } catch (error) {
    return { value: null, warning: `ignored invalid ${file}: ${(error as Error).message}` }
  }
}

export async function loadSettings(
  dir: string,
): Promise<{ settings: MonitorSettings; warning: string | null }> {
  const { value, warning } = await loadJson(join(dir, 'settings.json'), settingsSchema)
  return { settings: value ?? DEFAULT_SETTINGS, warning }
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: FILE_MODE })
  await rename(temp, file)
}

export function saveSettings(dir: string, settings: MonitorSettings): Promise<void> {
  return writeJsonAtomically(join(dir, 'settings.json'), settings)
}

const savedNotificationsSchema = z.strictObject({
  settings: notificationSettingsSchema,
  state: notifierStateSchema,
})

/** Notification rules, pause and mutes; null (defaults) when missing or invalid. */
export async function loadNotifications(
  dir: string,
): Promise<{ saved: SavedNotifications | null; warning: string | null }> {
  const { value, warning } = await loadJson(join(dir, 'notifications.json'), savedNotificationsSchema)
  return { saved: value, warning }
}

export function saveNotifications(dir: string, saved: SavedNotifications): Promise<void> {
  return writeJsonAtomically(join(dir, 'notifications.json'), saved)
}

/** The workspace's broadcast schedules (stream id → schedule); none when missing or invalid. */
export async function loadSchedules(dir: string): Promise<{ saved: SavedSchedules; warning: string | null }> {
  const { value, warning } = await loadJson(
    join(dir, 'schedules.json'),
    savedSchedulesSchema as z.ZodType<SavedSchedules>,
  )
  return { saved: value ?? { schedules: {} }, warning }
}

export function saveSchedules(dir: string, saved: SavedSchedules): Promise<void> {
  return writeJsonAtomically(join(dir, 'schedules.json'), saved)
}

/**
 * Key that encrypts held (not yet verifiable) raw deliveries at rest. Published with a
 * hard link (atomic, and refused when the name exists): two processes starting on a new
 * folder at once end up with the same whole key (the second then stops at the folder's
 * lock), never one overwriting or half-reading the other's.
 */
export async function loadOrCreateHoldKey(dir: string): Promise<Buffer> {
  const file = join(dir, 'hold.key')
  let existing: Buffer | null = null
  try {
    existing = await readFile(file)
    if (existing.length === 32) return existing
  } catch {
    // created below
  }
  const key = randomBytes(32)
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temp, key, { mode: FILE_MODE })
  try {
    // A file of the wrong length holds no usable key: it is replaced.
    if (existing) await rename(temp, file)
    else await link(temp, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return await readFile(file)
  } finally {
    await rm(temp, { force: true })
  }
  return key
}
