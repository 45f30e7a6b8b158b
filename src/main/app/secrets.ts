// The three secrets (FastPix secret key, webhook signing secret, ngrok authtoken)
// encrypted with Electron's safeStorage and kept as Base64 in their own store file.
// They stay in the main process (S5): the renderer can only ever learn `status()`.
import type { Logger } from '../core/logger.ts'
import type { KeyValueStore } from './settings.ts'

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
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plain: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
  getSelectedStorageBackend?(): string
}

export class SecretsUnavailableError extends Error {
  constructor() {
    super('The system keychain is not available, so secrets cannot be stored safely.')
    this.name = 'SecretsUnavailableError'
  }
}

export interface Secrets {
  /** Stores (or with null, forgets) a secret. Refuses to store anything unencrypted. */
  set(name: SecretName, value: string | null): Promise<void>
  /** The plain secret, for main-process use only. */
  get(name: SecretName): Promise<string | null>
  status(): SecretsStatus
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

export function createSecrets(
  store: KeyValueStore<SecretRecord>,
  safeStorage: SafeStorageLike,
  log: Logger,
): Secrets {
  let warned = false
  async function encrypt(plain: string): Promise<string> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new SecretsUnavailableError()
    if (!warned && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      warned = true
      log.warn('no OS keyring found: secrets are encrypted with a key stored beside them (basic_text)')
    }
    return (await safeStorage.encryptStringAsync(plain)).toString('base64')
  }
  return {
    async set(name, value) {
      store.set(name, value === null || value === '' ? null : await encrypt(value))
    },
    async get(name) {
      const stored = store.get(name)
      if (!stored) return null
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(stored, 'base64'),
        )
        if (shouldReEncrypt) store.set(name, await encrypt(result))
        return result
      } catch (error) {
        log.error(`could not decrypt the stored ${name}: ${(error as Error).message}`)
        return null
      }
    },
    status: () => ({
      fastpixSecretKeySet: Boolean(store.get('fastpixSecretKey')),
      signingSecretSet: Boolean(store.get('signingSecret')),
      ngrokAuthtokenSet: Boolean(store.get('ngrokAuthtoken')),
    }),
  }
}
