// D7 for the desktop's electron-store files: built here with `conf` (what electron-store
// wraps) and the app's own options, the settings and secrets files come out 0600 and a
// folder the app makes for them 0700, whatever the umask; a file an older version left
// readable by others is made private when it is opened.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf, { type Schema } from 'conf'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SecretRecord } from '../../../../src/main/app/secrets.ts'
import {
  prepareSettingsFolder,
  secretsFileOptions,
  tightenSettingsFile,
} from '../../../../src/main/app/settings-file-options.ts'
import type { AppSettings } from '../../../../src/main/app/settings-schema.ts'
import { settingsFileOptions } from '../../../../src/main/app/settings-schema.ts'

const isPosix = process.platform !== 'win32'
const mode = (path: string): number => statSync(path).mode & 0o777

let root: string
let umask: number
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fpm-store-files-'))
  // The usual desktop umask: without an explicit mode conf would leave 0644 files.
  umask = process.umask(0o022)
})
afterEach(() => {
  process.umask(umask)
  rmSync(root, { recursive: true, force: true })
})

function openSettings(cwd: string): Conf<AppSettings> {
  const { name, schema, ...rest } = settingsFileOptions()
  return new Conf<AppSettings>({
    ...rest,
    schema: schema as Schema<AppSettings>,
    configName: name,
    cwd,
    projectVersion: '0.1.0',
  })
}

function openSecrets(cwd: string): Conf<SecretRecord> {
  const { name, schema, ...rest } = secretsFileOptions()
  return new Conf<SecretRecord>({ ...rest, schema: schema as Schema<SecretRecord>, configName: name, cwd })
}

describe.runIf(isPosix)('desktop store files (D7)', () => {
  it('the settings and secrets files are written 0600 in a folder created 0700', () => {
    const dir = join(root, 'FastPix Live Monitor')
    prepareSettingsFolder(dir)
    expect(mode(dir)).toBe(0o700)
    const settings = openSettings(dir)
    settings.set('closeToTray', false)
    const secrets = openSecrets(dir)
    secrets.set('signingSecret', 'Y2lwaGVydGV4dA==')
    expect(settings.path).toBe(join(dir, 'settings.json'))
    expect(secrets.path).toBe(join(dir, 'secrets.json'))
    expect(mode(settings.path)).toBe(0o600)
    expect(mode(secrets.path)).toBe(0o600)
    // Every later write (atomic: a new file renamed over the old) keeps the mode.
    settings.set('startAtLogin', true)
    expect(mode(settings.path)).toBe(0o600)
    expect(mode(dir)).toBe(0o700)
  })

  it('a folder that already exists is left as it is (it may be one the user chose)', () => {
    const dir = join(root, 'chosen')
    prepareSettingsFolder(dir)
    chmodSync(dir, 0o750)
    prepareSettingsFolder(dir)
    expect(mode(dir)).toBe(0o750)
  })

  it('a file an older version left 0644 is made 0600 when opened', () => {
    const dir = join(root, 'older')
    prepareSettingsFolder(dir)
    openSettings(dir).set('closeToTray', false)
    const file = join(dir, 'settings.json')
    chmodSync(file, 0o644)
    // Opening a current file writes nothing, so conf alone would leave it as it is.
    const settings = openSettings(dir)
    expect(mode(file)).toBe(0o644)
    tightenSettingsFile(settings.path)
    expect(mode(file)).toBe(0o600)
    expect(settings.get('closeToTray')).toBe(false)
    // No file yet: nothing to do, no error.
    tightenSettingsFile(join(dir, 'never-written.json'))
  })
})
