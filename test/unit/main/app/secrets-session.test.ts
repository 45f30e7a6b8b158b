// S6: with no OS keyring (Linux's `basic_text` backend, or no keychain at all) secrets are
// never written to disk: they work for the session, and the page is told why they are not kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BASIC_TEXT_REASON,
  createSecrets,
  NO_KEYCHAIN_REASON,
  type SafeStorageLike,
  type SecretRecord,
} from '../../../../src/main/app/secrets.ts'
import { createSettings, type KeyValueFile } from '../../../../src/main/app/settings.ts'
import { DEFAULT_APP_SETTINGS } from '../../../../src/main/app/settings-schema.ts'
import { createDesktopConfigFile } from '../../../../src/main/app/workspace-config.ts'
import { startWorkspaceController } from '../../../../src/main/core/workspace/controller.ts'
import { memoryKeyValue, silentLog } from './fakes.ts'

vi.mock('electron', async () => (await import('./fakes.ts')).electronModuleMock())

/** safeStorage with a chosen Linux backend; `basic_text` decrypts only what it encrypted itself. */
function safeStorageWith(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const tag = backend === 'basic_text' ? 'v10' : 'v11'
  const api = {
    encrypted: 0,
    getSelectedStorageBackend: () => backend,
    isEncryptionAvailable: () => available,
    isAsyncEncryptionAvailable: async () => available,
    async encryptStringAsync(plain: string) {
      api.encrypted++
      return Buffer.concat([Buffer.from(tag), Buffer.from(plain, 'utf8').map((b) => b ^ 0x33)])
    },
    async decryptStringAsync(encrypted: Buffer) {
      if (encrypted.subarray(0, 3).toString() !== tag) throw new Error('not this key')
      const result = Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x33)).toString('utf8')
      return { result, shouldReEncrypt: false }
    },
  }
  return api
}

/** The secrets file, with every write it gets. */
function secretsFile(initial: Partial<SecretRecord> = {}) {
  const data: SecretRecord = { fastpixSecretKey: null, signingSecret: null, ngrokAuthtoken: null, ...initial }
  const writes: [string, string | null][] = []
  const store: KeyValueFile<SecretRecord> = {
    get: (k) => data[k],
    set: (k, v) => {
      writes.push([k, v])
      data[k] = v
    },
    path: 'memory',
  }
  return { store, data, writes }
}

const ciphertext = (tag: string, plain: string) =>
  Buffer.concat([Buffer.from(tag), Buffer.from(plain).map((b) => b ^ 0x33)]).toString('base64')

describe('basic_text backend: nothing written, kept for the session', () => {
  it('set writes nothing to disk; get and status still see it; forgetting works', async () => {
    const file = secretsFile()
    const storage = safeStorageWith('basic_text')
    const warnings: string[] = []
    const secrets = createSecrets(file.store, storage, { ...silentLog, warn: (m) => warnings.push(m) })
    await secrets.set('fastpixSecretKey', 'sk-session-only')
    await secrets.set('signingSecret', 'c2Vzc2lvbg==')
    await secrets.set('ngrokAuthtoken', 'ngrok-session-only')
    expect(file.writes).toEqual([])
    expect(storage.encrypted).toBe(0)
    expect(await secrets.get('fastpixSecretKey')).toBe('sk-session-only')
    expect(await secrets.get('ngrokAuthtoken')).toBe('ngrok-session-only')
    expect(secrets.status()).toEqual({
      fastpixSecretKeySet: true,
      signingSecretSet: true,
      ngrokAuthtokenSet: true,
    })
    expect(secrets.keyring()).toEqual({ secretsPersisted: false, reason: BASIC_TEXT_REASON })
    expect(warnings).toEqual([`secrets are not written to disk: ${BASIC_TEXT_REASON}`])
    await secrets.set('signingSecret', null)
    expect(await secrets.get('signingSecret')).toBeNull()
    expect(secrets.status().signingSecretSet).toBe(false)
    expect(file.writes).toEqual([])
  })

  it('a value set now replaces one on disk: the old one is cleared, the new one not written', async () => {
    const file = secretsFile({ fastpixSecretKey: ciphertext('v11', 'old-keyring-secret') })
    const secrets = createSecrets(file.store, safeStorageWith('basic_text'), silentLog)
    await secrets.set('fastpixSecretKey', 'new-secret')
    expect(file.writes).toEqual([['fastpixSecretKey', null]])
    expect(await secrets.get('fastpixSecretKey')).toBe('new-secret')
  })

  it('a basic_text value an older version wrote is moved off the disk into the session', async () => {
    const file = secretsFile({ signingSecret: ciphertext('v10', 'b2xk') })
    const secrets = createSecrets(file.store, safeStorageWith('basic_text'), silentLog)
    expect(await secrets.get('signingSecret')).toBe('b2xk')
    expect(file.data.signingSecret).toBeNull()
    expect(await secrets.get('signingSecret')).toBe('b2xk')
  })

  it('a keyring value basic_text cannot read is left alone (the keyring may be back next time)', async () => {
    const stored = ciphertext('v11', 'keyring-secret')
    const file = secretsFile({ ngrokAuthtoken: stored })
    const secrets = createSecrets(file.store, safeStorageWith('basic_text'), silentLog)
    expect(await secrets.get('ngrokAuthtoken')).toBeNull()
    expect(file.data.ngrokAuthtoken).toBe(stored)
  })

  it('no keychain at all: the same, with its own reason', async () => {
    const file = secretsFile()
    const secrets = createSecrets(file.store, safeStorageWith('unknown', false), silentLog)
    await secrets.set('fastpixSecretKey', 'sk')
    expect(file.writes).toEqual([])
    expect(await secrets.get('fastpixSecretKey')).toBe('sk')
    expect(secrets.keyring()).toEqual({ secretsPersisted: false, reason: NO_KEYCHAIN_REASON })
  })
})

describe('a real keyring backend', () => {
  it.each(['gnome_libsecret', 'kwallet5'])('%s: persisted as ciphertext, as before', async (backend) => {
    const file = secretsFile()
    const storage = safeStorageWith(backend)
    const secrets = createSecrets(file.store, storage, silentLog)
    await secrets.set('fastpixSecretKey', 'sk-kept')
    expect(file.data.fastpixSecretKey).toBe(ciphertext('v11', 'sk-kept'))
    expect(storage.encrypted).toBe(1)
    expect(secrets.keyring()).toEqual({ secretsPersisted: true, reason: null })
    // A new run reads it back from disk.
    expect(await createSecrets(file.store, storage, silentLog).get('fastpixSecretKey')).toBe('sk-kept')
  })
})

describe('what the page is told', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-s6-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function connection(backend: string) {
    const file = secretsFile()
    const secrets = createSecrets(file.store, safeStorageWith(backend), silentLog)
    const config = createDesktopConfigFile(
      createSettings(memoryKeyValue({ ...DEFAULT_APP_SETTINGS })),
      secrets,
    )
    await config.save({
      mode: 'live',
      accessTokenId: 'a1b2c3d4-0000-4000-8000-00000000abcd',
      secretKey: 'session-secret-key',
      signingSecret: 'c2Vzc2lvbi1zaWduaW5n',
      publicUrl: { mode: 'ngrok', authtoken: 'session-authtoken', domain: null },
    })
    const controller = await startWorkspaceController({
      dataDir: join(dir, backend),
      store: config,
      webhookPort: 0,
      fastpixBaseUrl: 'http://127.0.0.1:9/v1/',
      fastpixClient: { timeoutMs: 200, retry: { attempts: 1 } },
      connector: { connect: async () => ({ url: 'https://s6.ngrok.app', close: async () => {} }) },
      reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
      logger: silentLog,
      monitorOptions: async () => ({}),
    })
    try {
      return { status: await controller.api.getWorkspaceStatus(), file }
    } finally {
      await controller.stop()
    }
  }

  it('basic_text: the live workspace runs on the session secrets, and the page learns they are not kept', async () => {
    const { status, file } = await connection('basic_text')
    expect(status).toMatchObject({
      mode: 'live',
      persistent: true,
      keyring: { secretsPersisted: false, reason: BASIC_TEXT_REASON },
      fastpix: { credentialsSet: true },
      signingSecretSet: true,
      publicUrl: { ngrokAuthtokenSet: true },
    })
    expect(file.data).toEqual({ fastpixSecretKey: null, signingSecret: null, ngrokAuthtoken: null })
  })

  it('a real keyring: kept, nothing to say', async () => {
    const { status, file } = await connection('gnome_libsecret')
    expect(status.keyring).toEqual({ secretsPersisted: true, reason: null })
    expect(file.data.fastpixSecretKey).not.toBeNull()
  })
})
