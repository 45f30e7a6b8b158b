// The three secrets (FastPix secret key, webhook signing secret, ngrok authtoken)
// encrypted with Electron's safeStorage and kept as Base64 in their own store file —
// only when an OS keyring does the encrypting (S6): on Linux's `basic_text` fallback, or
// with no keychain at all, they are kept in memory for the session instead.
// They stay in the main process (S5): the renderer can only ever learn `status()`.
import type { KeyringStatus } from '../../shared/workspace.ts'
import type { Logger } from '../core/logger.ts'
import type { KeyValueFile } from './settings.ts'

export const SECRET_NAMES = ['fastpixSecretKey', 'signingSecret', 'ngrokAuthtoken'] as const
export type SecretName = (typeof SECRET_NAMES)[number]
/** Base64 of safeStorage ciphertext, per secret. */
export type SecretRecord = { [K in SecretName]: string | null }

export interface SecretsStatus {
  fastpixSecretKeySet: boolean
  signingSecretSet: boolean
  ngrokAuthtokenSet: boolean
}

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plain: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
  /** Linux only. */
  getSelectedStorageBackend?(): string
}

export class SecretsUnavailableError extends Error {
  constructor() {
    super('The system keychain is not available, so secrets cannot be stored safely.')
    this.name = 'SecretsUnavailableError'
  }
}

export interface Secrets {
  /**
   * Stores (or with null, forgets) a secret: encrypted on disk with an OS keyring, or, without
   * one, in memory until the app quits. Never unencrypted or `basic_text`-encrypted on disk.
   */
  set(name: SecretName, value: string | null): Promise<void>
  /** The plain secret, for main-process use only. */
  get(name: SecretName): Promise<string | null>
  status(): SecretsStatus
  /** Whether secrets are written to disk now, and if not, why (shown in Settings). */
  keyring(): KeyringStatus
}

export const SECRETS_STORE_NAME = 'secrets'
export const EMPTY_SECRETS: SecretRecord = {
  fastpixSecretKey: null,
  signingSecret: null,
  ngrokAuthtoken: null,
}

/** JSON schema for the secrets store (conf's `schema` option). */
export const SECRETS_SCHEMA = Object.fromEntries(
  SECRET_NAMES.map((name) => [
    name,
    { anyOf: [{ type: 'string', maxLength: 16_384, pattern: '^[A-Za-z0-9+/=]*$' }, { type: 'null' }] },
  ]),
)

const UNTIL_QUIT =
  'so the Secret Key, signing secret and ngrok authtoken entered here are kept only until the app quits.'
/** Linux without a keyring: safeStorage would encrypt with a key stored beside the secrets. */
export const BASIC_TEXT_REASON = `No OS keyring (such as GNOME Keyring or KWallet) is available to encrypt secrets, ${UNTIL_QUIT}`
export const NO_KEYCHAIN_REASON = `The system keychain is not available, ${UNTIL_QUIT}`

export function createSecrets(
  store: KeyValueFile<SecretRecord>,
  safeStorage: SafeStorageLike,
  log: Logger,
): Secrets {
  /** Secrets of this session that are not on disk. */
  const session = new Map<SecretName, string>()
  let warned = false

  function keyring(): KeyringStatus {
    if (safeStorage.getSelectedStorageBackend?.() === 'basic_text')
      return { secretsPersisted: false, reason: BASIC_TEXT_REASON }
    if (!safeStorage.isEncryptionAvailable()) return { secretsPersisted: false, reason: NO_KEYCHAIN_REASON }
    return { secretsPersisted: true, reason: null }
  }
  function inMemoryOnly(): boolean {
    const now = keyring()
    if (!now.secretsPersisted && !warned) {
      warned = true
      log.warn(`secrets are not written to disk: ${now.reason}`)
    }
    return !now.secretsPersisted
  }
  async function encrypt(plain: string): Promise<string> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new SecretsUnavailableError()
    return (await safeStorage.encryptStringAsync(plain)).toString('base64')
  }
  /** An older value on disk must not come back after the one set now (or the forgetting). */
  function clearDisk(name: SecretName): void {
    if (store.get(name) !== null) store.set(name, null)
  }

  return {
    async set(name, value) {
      const plain = value === null || value === '' ? null : value
      if (inMemoryOnly()) {
        if (plain === null) session.delete(name)
        else session.set(name, plain)
        clearDisk(name)
        return
      }
      store.set(name, plain === null ? null : await encrypt(plain))
      session.delete(name)
    },
    async get(name) {
      const kept = session.get(name)
      if (kept !== undefined) return kept
      const stored = store.get(name)
      if (!stored) return null
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(stored, 'base64'),
        )
        if (inMemoryOnly()) {
          // Readable without a keyring means weakly encrypted (an older version wrote it):
          // take it off the disk and keep it for this session.
          session.set(name, result)
          clearDisk(name)
          log.warn(`the stored ${name} was not encrypted by a keyring: removed from disk, kept until quit`)
        } else if (shouldReEncrypt) store.set(name, await encrypt(result))
        return result
      } catch (error) {
        log.error(`could not decrypt the stored ${name}: ${(error as Error).message}`)
        return null
      }
    },
    status: () => ({
      fastpixSecretKeySet: session.has('fastpixSecretKey') || Boolean(store.get('fastpixSecretKey')),
      signingSecretSet: session.has('signingSecret') || Boolean(store.get('signingSecret')),
      ngrokAuthtokenSet: session.has('ngrokAuthtoken') || Boolean(store.get('ngrokAuthtoken')),
    }),
    keyring,
  }
}
