// S5: the FastPix secret key, signing secret and ngrok authtoken are stored only
// as safeStorage ciphertext and never reach the renderer — not through any invoke
// answer, not through any push.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createIpcHost } from '../../../../src/main/app/ipc-main.ts'
import { registerMonitorIpc } from '../../../../src/main/app/monitor-ipc.ts'
import {
  createSecrets,
  type SafeStorageLike,
  SECRET_NAMES,
  type SecretRecord,
  SecretsUnavailableError,
} from '../../../../src/main/app/secrets.ts'
import type { KeyValueFile } from '../../../../src/main/app/settings.ts'
import { createSettings } from '../../../../src/main/app/settings.ts'
import { DEFAULT_APP_SETTINGS } from '../../../../src/main/app/settings-schema.ts'
import { createDesktopConfigFile } from '../../../../src/main/app/workspace-config.ts'
import { startWorkspaceController } from '../../../../src/main/core/workspace/controller.ts'
import type { InvokeChannel } from '../../../../src/shared/ipc.ts'
import { FakeIpcMain, FakeWebContents, memoryKeyValue, RENDERER, silentLog } from './fakes.ts'

vi.mock('electron', async () => (await import('./fakes.ts')).electronModuleMock())

/** A stand-in keychain: real AES would do too; what matters is that plaintext is not what gets stored. */
function fakeSafeStorage(available = true): SafeStorageLike & { encrypted: number } {
  const key = 0x5a
  const api = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    isAsyncEncryptionAvailable: async () => available,
    async encryptStringAsync(plain: string) {
      api.encrypted++
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ key)])
    },
    async decryptStringAsync(encrypted: Buffer) {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('bad ciphertext')
      return {
        result: Buffer.from(encrypted.subarray(3).map((b) => b ^ key)).toString('utf8'),
        shouldReEncrypt: false,
      }
    },
  }
  return api
}

function memoryStore(): KeyValueFile<SecretRecord> & { data: SecretRecord } {
  const data: SecretRecord = { fastpixSecretKey: null, signingSecret: null, ngrokAuthtoken: null }
  return {
    data,
    get: (k) => data[k],
    set: (k, v) => {
      data[k] = v
    },
    path: 'memory',
  }
}

describe('secrets at rest', () => {
  it('stores Base64 ciphertext, never the plain value, and reads it back', async () => {
    const store = memoryStore()
    const secrets = createSecrets(store, fakeSafeStorage(), silentLog)
    await secrets.set('ngrokAuthtoken', '2abcDEF_ngrok_token')
    expect(store.data.ngrokAuthtoken).toMatch(/^[A-Za-z0-9+/=]+$/)
    expect(store.data.ngrokAuthtoken).not.toContain('2abcDEF')
    expect(Buffer.from(store.data.ngrokAuthtoken!, 'base64').toString('utf8')).not.toContain('ngrok_token')
    expect(await secrets.get('ngrokAuthtoken')).toBe('2abcDEF_ngrok_token')
  })

  it('the renderer-facing status is three booleans', async () => {
    const secrets = createSecrets(memoryStore(), fakeSafeStorage(), silentLog)
    await secrets.set('signingSecret', 'c2VjcmV0')
    expect(secrets.status()).toEqual({
      fastpixSecretKeySet: false,
      signingSecretSet: true,
      ngrokAuthtokenSet: false,
    })
    await secrets.set('signingSecret', null)
    expect(secrets.status().signingSecretSet).toBe(false)
  })

  it('without a keychain nothing is stored, not even in plain text (kept for the session instead)', async () => {
    const store = memoryStore()
    const storage = fakeSafeStorage(false)
    const secrets = createSecrets(store, storage, silentLog)
    await secrets.set('fastpixSecretKey', 'sk_live')
    expect(store.data.fastpixSecretKey).toBeNull()
    expect(storage.encrypted).toBe(0)
    expect(await secrets.get('fastpixSecretKey')).toBe('sk_live')
  })

  it('encrypting refuses, in words, if the keychain goes away between the check and the write', async () => {
    const storage = { ...fakeSafeStorage(), isAsyncEncryptionAvailable: async () => false }
    const secrets = createSecrets(memoryStore(), storage, silentLog)
    await expect(secrets.set('fastpixSecretKey', 'sk_live')).rejects.toBeInstanceOf(SecretsUnavailableError)
  })

  it('warns once when Linux falls back to the basic_text backend', async () => {
    const warnings: string[] = []
    const storage = { ...fakeSafeStorage(), getSelectedStorageBackend: () => 'basic_text' }
    const secrets = createSecrets(memoryStore(), storage, { ...silentLog, warn: (m) => warnings.push(m) })
    await secrets.set('fastpixSecretKey', 'a')
    await secrets.set('fastpixSecretKey', 'b')
    expect(warnings).toHaveLength(1)
  })

  it('re-encrypts when the keychain asks, and a corrupt entry reads as unset', async () => {
    const store = memoryStore()
    const storage = fakeSafeStorage()
    const secrets = createSecrets(store, storage, silentLog)
    await secrets.set('fastpixSecretKey', 'sk')
    const decrypt = storage.decryptStringAsync
    storage.decryptStringAsync = async (b) => ({ ...(await decrypt(b)), shouldReEncrypt: true })
    expect(await secrets.get('fastpixSecretKey')).toBe('sk')
    expect(storage.encrypted).toBe(2)
    store.data.signingSecret = Buffer.from('garbage').toString('base64')
    expect(await secrets.get('signingSecret')).toBeNull()
  })
})

describe('desktop connection settings (settings file + safeStorage)', () => {
  it('round-trips the connection; the settings file holds no secret, the secrets store only ciphertext', async () => {
    const store = memoryStore()
    const secrets = createSecrets(store, fakeSafeStorage(), silentLog)
    const file = memoryKeyValue({ ...DEFAULT_APP_SETTINGS })
    const config = createDesktopConfigFile(createSettings(file), secrets)
    expect(await config.load()).toEqual({
      mode: null,
      accessTokenId: null,
      secretKey: null,
      signingSecret: null,
      publicUrl: null,
    })
    const saved = {
      mode: 'live' as const,
      accessTokenId: 'token-id-1',
      secretKey: 'fastpix-secret-key-value',
      signingSecret: 'c2lnbmluZy1zZWNyZXQ=',
      publicUrl: { mode: 'ngrok' as const, authtoken: 'ngrok-authtoken-value', domain: 'mon.ngrok.app' },
    }
    await config.save(saved)
    expect(config.persistent).toBe(true)
    expect(await createDesktopConfigFile(createSettings(file), secrets).load()).toEqual(saved)
    const onDisk = JSON.stringify([file.get('workspace'), store.data])
    for (const secret of ['fastpix-secret-key-value', 'c2lnbmluZy1zZWNyZXQ=', 'ngrok-authtoken-value'])
      expect(onDisk).not.toContain(secret)
    expect(file.get('workspace')).toEqual({
      mode: 'live',
      accessTokenId: 'token-id-1',
      publicUrl: { mode: 'ngrok', domain: 'mon.ngrok.app' },
    })
    // Switching to an own URL forgets the ngrok authtoken.
    await config.save({ ...saved, publicUrl: { mode: 'own', url: 'https://m.example.com' } })
    expect(store.data.ngrokAuthtoken).toBeNull()
    expect((await config.load()).publicUrl).toEqual({ mode: 'own', url: 'https://m.example.com' })
  })
})

describe('secrets never reach the renderer (property, real core over IPC)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-s5-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  const ACCESS_TOKEN_ID = 'a1b2c3d4-0000-4000-8000-00000000abcd'
  // Every channel, with arguments that succeed or fail the way a page could make them.
  const calls = (
    secretKey: string,
    authtoken: string,
    signing: string,
  ): { [C in InvokeChannel]: unknown[] } => ({
    'monitor:getSnapshot': [],
    'monitor:getStream': ['stream-1'],
    'monitor:listEvents': [{ limit: 50 }],
    'monitor:getEvent': ['evt-1'],
    'monitor:listTransitions': [{}],
    'monitor:listRejected': [{ limit: 10 }],
    'monitor:getReceiver': [],
    'monitor:updateSettings': [{ retention: { maxAgeDays: 30 } }],
    'monitor:listNotifications': [{ limit: 20 }],
    'monitor:updateNotificationSettings': [{ sound: false }],
    'monitor:muteStream': ['stream-1', '1h'],
    'monitor:pauseNotifications': ['4h'],
    'monitor:listBroadcasts': ['stream-1'],
    'monitor:getBroadcastReport': ['stream-1', 'latest'],
    'monitor:exportBroadcastReport': ['stream-1', 1, { format: 'json' }],
    'monitor:getWorkspaceSeries': [{ from: 0, to: 3_600_000 }],
    'monitor:getStreamSeries': ['stream-1', {}],
    'monitor:setSchedule': ['stream-1', null],
    'monitor:listSchedules': [],
    'monitor:getWorkspaceStatus': [],
    // FastPix is unreachable here (a closed port): the check fails with words, never echoing the key.
    'monitor:testCredentials': [{ accessTokenId: ACCESS_TOKEN_ID, secretKey }],
    'monitor:connectWorkspace': [
      { accessTokenId: ACCESS_TOKEN_ID, secretKey, publicUrl: { mode: 'ngrok', authtoken } },
    ],
    'monitor:setSigningSecret': [signing],
    // An extra argument: refused by the schema (a real switch is tested elsewhere).
    'monitor:useDemo': ['now'],
    'monitor:reconcileNow': [],
    'monitor:reconnectTunnel': [],
    // FastPix unreachable: refused with words (the key never echoed).
    'monitor:runStreamAction': [{ streamId: 'stream-1', action: 'disable' }],
    'monitor:listAudit': [{ limit: 10 }],
  })

  it('random secrets appear in no answer and no push, plain or encrypted', async () => {
    const secret = fc
      .string({ minLength: 12, maxLength: 64, unit: 'grapheme-ascii' })
      .filter((s) => s.trim().length >= 12 && s.trim() === s)
    await fc.assert(
      fc.asyncProperty(
        secret,
        secret,
        fc.uint8Array({ minLength: 16, maxLength: 48 }),
        async (key, token, signing) => {
          const signingSecret = Buffer.from(signing).toString('base64')
          const store = memoryStore()
          const secrets = createSecrets(store, fakeSafeStorage(), silentLog)
          const settings = createSettings(memoryKeyValue({ ...DEFAULT_APP_SETTINGS }))
          const config = createDesktopConfigFile(settings, secrets)
          await config.save({
            mode: 'live',
            accessTokenId: ACCESS_TOKEN_ID,
            secretKey: key,
            signingSecret,
            publicUrl: { mode: 'ngrok', authtoken: token, domain: null },
          })
          const controller = await startWorkspaceController({
            dataDir: dir,
            store: config,
            webhookPort: 0,
            fastpixBaseUrl: 'http://127.0.0.1:9/v1/',
            fastpixClient: { timeoutMs: 500, retry: { attempts: 1 } },
            connector: { connect: async () => ({ url: 'https://s5.ngrok.app', close: async () => {} }) },
            reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
            logger: silentLog,
            updateIntervalMs: 5,
            monitorOptions: async () => ({}),
          })
          const ipc = new FakeIpcMain()
          const host = createIpcHost({ renderer: RENDERER, log: silentLog, ipc, batchMs: 1 })
          registerMonitorIpc(host, controller.api)
          const page = new FakeWebContents()
          host.attach(page as never)
          ipc.emit('ipc:ready', page, 'monitor:update')
          try {
            const all = calls(key, token, signingSecret)
            expect(host.channels().sort()).toEqual(Object.keys(all).sort())
            const answers: unknown[] = []
            for (const [channel, args] of Object.entries(all))
              answers.push(await ipc.invoke(channel, { contents: page }, ...args))
            // The signing secret changed the connection status: a push carries it.
            await controller.session().monitor.flush()
            await new Promise((resolve) => setTimeout(resolve, 20))
            const seen = JSON.stringify([answers, page.send.mock.calls, secrets.status()])
            const forbidden = [key, token, signingSecret, ...SECRET_NAMES.map((n) => store.data[n]!)]
            for (const value of forbidden) expect(seen).not.toContain(value)
            expect(seen).toContain('"signingSecretSet":true')
            expect(seen).toContain('"ngrokAuthtokenSet":true')
            expect(page.send.mock.calls.length).toBeGreaterThan(0)
            expect(JSON.stringify(page.send.mock.calls)).toContain('"ngrokAuthtokenSet":true')
          } finally {
            host.stop()
            await controller.stop()
          }
        },
      ),
      { seed: 5, numRuns: 12 },
    )
  }, 60_000)
})
