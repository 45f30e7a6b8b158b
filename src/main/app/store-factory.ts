// The electron-store instances of the app: settings (schema + migrations) and
// secrets (ciphertext only). Both live in app.getPath('userData'), files 0600 in a
// folder created 0700 (D7).
import { app } from 'electron'
import ElectronStore, { type Schema } from 'electron-store'
import type { SecretRecord } from './secrets.ts'
import type { KeyValueStore } from './settings.ts'
import { type AppSettings, settingsStoreOptions } from './settings-schema.ts'
import { prepareStoreFolder, secretsStoreOptions, tightenStoreFile } from './store-options.ts'

function storeFolder(): string {
  const dir = app.getPath('userData')
  prepareStoreFolder(dir)
  return dir
}

export function openSettingsStore(): KeyValueStore<AppSettings> {
  const { schema, ...rest } = settingsStoreOptions()
  const store = new ElectronStore<AppSettings>({
    ...rest,
    schema: schema as Schema<AppSettings>,
    cwd: storeFolder(),
  })
  tightenStoreFile(store.path)
  return store
}

export function openSecretsStore(): KeyValueStore<SecretRecord> {
  const { schema, ...rest } = secretsStoreOptions()
  const store = new ElectronStore<SecretRecord>({
    ...rest,
    schema: schema as Schema<SecretRecord>,
    cwd: storeFolder(),
  })
  tightenStoreFile(store.path)
  return store
}
