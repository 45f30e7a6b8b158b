// The electron-store instances of the app: settings (schema + migrations) and
// secrets (ciphertext only). Both live in app.getPath('userData').
import ElectronStore, { type Schema } from 'electron-store'
import { EMPTY_SECRETS, SECRETS_SCHEMA, SECRETS_STORE_NAME, type SecretRecord } from './secrets.ts'
import type { KeyValueStore } from './settings.ts'
import { type AppSettings, settingsStoreOptions } from './settings-schema.ts'

export function openSettingsStore(): KeyValueStore<AppSettings> {
  const { schema, ...rest } = settingsStoreOptions()
  return new ElectronStore<AppSettings>({ ...rest, schema: schema as Schema<AppSettings> })
}

export function openSecretsStore(): KeyValueStore<SecretRecord> {
  return new ElectronStore<SecretRecord>({
    name: SECRETS_STORE_NAME,
    schema: SECRETS_SCHEMA as Schema<SecretRecord>,
    defaults: EMPTY_SECRETS,
    // Unreadable ciphertext is worth nothing: start empty rather than refuse to start.
    clearInvalidConfig: true,
  })
}
