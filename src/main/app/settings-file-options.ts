// What the app's electron-store files need besides their options (D7): their folder
// created 0700, their files 0600. Pure (no Electron), so tests run it with `conf`.
import { mkdirSync } from 'node:fs'
import { DIR_MODE, FILE_MODE, privateIfPresent } from '../core/config/private-files.ts'
import { EMPTY_SECRETS, SECRETS_SCHEMA, SECRETS_STORE_NAME } from './secrets.ts'

/** conf sets this mode on every write it makes (the umask taken off, never added to). */
export const STORE_FILE_MODE = FILE_MODE

/** The options electron-store (app) and conf (tests) build the secrets file with. */
export function secretsFileOptions() {
  return {
    name: SECRETS_STORE_NAME,
    schema: SECRETS_SCHEMA,
    defaults: EMPTY_SECRETS,
    // Unreadable ciphertext is worth nothing: start empty rather than refuse to start.
    clearInvalidConfig: true,
    configFileMode: STORE_FILE_MODE,
  }
}

/**
 * Creates the folder the store files go in, 0700, when it is missing (conf would make
 * it 0755). One that exists is left as it is: it may be a folder the user chose.
 */
export function prepareSettingsFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE })
}

/** conf gives its mode only when it writes: a file an older version left 0644 is made 0600 on open. */
export function tightenSettingsFile(path: string): void {
  privateIfPresent(path)
}
