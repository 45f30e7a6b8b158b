// Monitor settings persisted as JSON next to the database (headless host).
// Written atomically (temp file + rename) so a crash never leaves half a file.
import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MonitorSettings } from '../../../shared/api.ts'
import { DEFAULT_THRESHOLDS } from '../../../shared/domain.ts'
import { settingsSchema } from '../../../shared/schemas.ts'

export const DEFAULT_SETTINGS: MonitorSettings = {
  thresholds: DEFAULT_THRESHOLDS,
  retention: { maxAgeDays: 30, maxEvents: 1_000_000 },
}

export async function loadSettings(
  dir: string,
): Promise<{ settings: MonitorSettings; warning: string | null }> {
  const file = join(dir, 'settings.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { settings: DEFAULT_SETTINGS, warning: null }
  }
  try {
    const parsed = settingsSchema.parse(JSON.parse(text))
    return { settings: parsed, warning: null }
  } catch (error) {
    return { settings: DEFAULT_SETTINGS, warning: `ignored invalid ${file}: ${(error as Error).message}` }
  }
}

export async function saveSettings(dir: string, settings: MonitorSettings): Promise<void> {
  const file = join(dir, 'settings.json')
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 })
  await rename(temp, file)
}

/** Key that encrypts held (not yet verifiable) raw deliveries at rest. */
export async function loadOrCreateHoldKey(dir: string): Promise<Buffer> {
  const file = join(dir, 'hold.key')
  try {
    const key = await readFile(file)
    if (key.length === 32) return key
  } catch {
    // created below
  }
  const key = randomBytes(32)
  await writeFile(file, key, { mode: 0o600 })
  return key
}
