// The electron-store instances of the app: settings (schema + migrations) and
// secrets (ciphertext only). Both live in app.getPath('userData'), files 0600 in a
// folder created 0700 (D7).
import { app } from 'electron'
import ElectronStore, { type Schema } from 'electron-store'
import type { SecretRecord } from './secrets.ts'
import type { KeyValueFile } from './settings.ts'
import { prepareSettingsFolder, secretsFileOptions, tightenSettingsFile } from './settings-file-options.ts'
import { type AppSettings, settingsFileOptions } from './settings-schema.ts'

function storeFolder(): string {
  const dir = app.getPath('userData')
  prepareSettingsFolder(dir)
  return dir
}

export function openSettingsFile(): KeyValueFile<AppSettings> {
  const { schema, ...rest } = settingsFileOptions()
  const store = new ElectronStore<AppSettings>({
    ...rest,
    schema: schema as Schema<AppSettings>,
    cwd: storeFolder(),
  })
  tightenSettingsFile(store.path)
  return store
}

export function openSecretsFile(): KeyValueFile<SecretRecord> {
  const { schema, ...rest } = secretsFileOptions()
  const store = new ElectronStore<SecretRecord>({
    ...rest,
    schema: schema as Schema<SecretRecord>,
    cwd: storeFolder(),
  })
  tightenSettingsFile(store.path)
  return store
}
