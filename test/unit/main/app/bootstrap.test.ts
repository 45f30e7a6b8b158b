// The composition root driven with fakes: start order, single instance, demo vs
// real workspace, the IPC bridge to the core, close/quit behaviour and a bounded
// graceful quit.
import { EventEmitter } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopCore, DesktopCoreOptions } from '../../../../src/main/app/desktop-core.ts'
import { SECRET_NAMES, type SecretRecord } from '../../../../src/main/app/secrets.ts'
import { type AppSettings, DEFAULT_APP_SETTINGS } from '../../../../src/main/app/settings-schema.ts'
import { plainWorkspaceStatus } from '../../../../src/main/core/monitor/plain-status.ts'
import { type BootstrapDeps, bootstrap } from '../../../../src/main/index.ts'
import type { MonitorApi, MonitorSnapshot } from '../../../../src/shared/api.ts'
import { electronEvent, FakeIpcMain, FakeWindow, memoryKeyValue, silentLog } from './fakes.ts'

vi.mock('electron', async () => (await import('./fakes.ts')).electronModuleMock())
vi.mock('electron-store', () => ({ default: class {} }))

class FakeApp extends EventEmitter {
  lock = true
  paths = new Map<string, string>([['appData', '/home/u/.config']])
  quit = vi.fn(() => {
    const event = electronEvent({})
    this.emit('before-quit', event)
  })
  exit = vi.fn()
  isPackaged = false
  setLoginItemSettings = vi.fn()
  switchValues = new Map<string, string>()
  commandLine = {
    hasSwitch: (s: string) => this.switchValues.has(s),
    getSwitchValue: (s: string) => this.switchValues.get(s) ?? '',
  }
  requestSingleInstanceLock = () => this.lock
  whenReady = async () => {}
  getPath = (name: string) => this.paths.get(name) ?? `/fake/${name}`
  setPath = (name: string, value: string) => void this.paths.set(name, value)
}

const memoryStore = memoryKeyValue

const snapshot: MonitorSnapshot = {
  seq: 0,
  streams: [],
  workspaceHealth: 'empty',
  receiver: {} as MonitorSnapshot['receiver'],
  settings: DEFAULT_APP_SETTINGS.monitor,
  workspace: plainWorkspaceStatus({
    demo: true,
    signingSecretSet: true,
    probeReceivedAt: null,
    heldDeliveries: 0,
    lastDeliveryOrigin: null,
    webhookUrl: '',
  }),
  notifications: {
    ...DEFAULT_APP_SETTINGS.notifications.state,
    settings: DEFAULT_APP_SETTINGS.notifications.settings,
  },
  serverTime: 0,
}

function setup(
  over: { secrets?: Partial<SecretRecord>; settings?: Partial<AppSettings>; platform?: NodeJS.Platform } = {},
) {
  FakeWindow.created = []
  const app = new FakeApp()
  const ipc = new FakeIpcMain()
  const order: string[] = []
  const coreOptions: DesktopCoreOptions[] = []
  const power = new EventEmitter()
  const resume = vi.fn()
  const coreStop = vi.fn(async () => void order.push('core stopped'))
  const api = {
    getSnapshot: vi.fn(async () => snapshot),
    onUpdate: vi.fn(() => () => {}),
  } as unknown as MonitorApi
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  }
  // What happens to app://, and when, relative to `ready`.
  const timeline: string[] = []
  const schemeHandlers = new Map<string, (request: Request) => Promise<Response>>()
  app.whenReady = async () => void timeline.push('ready')
  const protocol = {
    registerSchemesAsPrivileged: vi.fn((schemes: { scheme: string }[]) => {
      timeline.push(`privileged ${schemes.map((x) => x.scheme).join()}`)
    }),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      timeline.push(`handle ${scheme}`)
      schemeHandlers.set(scheme, handler)
    }),
    unhandle: vi.fn((scheme: string) => {
      timeline.push(`unhandle ${scheme}`)
      schemeHandlers.delete(scheme)
    }),
  }
  const secretsFile = memoryStore<SecretRecord>({
    fastpixSecretKey: null,
    signingSecret: null,
    ngrokAuthtoken: null,
    ...over.secrets,
  })
  const trays: { destroyed: boolean }[] = []
  class Tray extends EventEmitter {
    destroyed = false
    constructor() {
      super()
      trays.push(this)
    }
    setToolTip() {}
    setContextMenu() {}
    setImage() {}
    destroy() {
      this.destroyed = true
    }
  }
  const deps: BootstrapDeps = {
    app: app as never,
    BrowserWindow: FakeWindow as never,
    protocol: protocol as never,
    defaultSession: () => {
      order.push('security')
      return session as never
    },
    shell: { openExternal: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (s) => Buffer.from(`enc:${s}`),
      decryptStringAsync: async (b) => ({ result: b.toString().slice(4), shouldReEncrypt: false }),
    },
    displays: () => [],
    tray: {
      Tray: Tray as never,
      Menu: { buildFromTemplate: (t) => t as never },
      nativeImage: { createFromPath: () => ({ isEmpty: () => false, setTemplateImage() {} }) as never },
    },
    notification: { Notification: Object.assign(class {}, { isSupported: () => false }) as never },
    showErrorBox: vi.fn(),
    powerMonitor: power as never,
    ipc,
    openSettingsFile: () => {
      order.push('settings')
      return memoryStore({ ...DEFAULT_APP_SETTINGS, ...over.settings })
    },
    openSecretsFile: () => secretsFile,
    startCore: async (options) => {
      order.push('core')
      coreOptions.push(options)
      return { api, resume, stop: coreStop } as unknown as DesktopCore
    },
    mainDir: '/opt/app/out/main',
    resourcesDir: '/opt/app/build',
    env: {},
    argv: [],
    platform: over.platform ?? 'linux',
    log: silentLog,
    shutdownCapMs: 1000,
  }
  return {
    app,
    ipc,
    deps,
    order,
    coreOptions,
    coreStop,
    trays,
    session,
    api,
    power,
    resume,
    timeline,
    schemeHandlers,
    secretsFile,
  }
}

describe('bootstrap', () => {
  beforeEach(() => {
    FakeWindow.created = []
  })

  it('starts security, settings, core, IPC, window, tray — in that order', async () => {
    const t = setup()
    const desktop = await bootstrap(t.deps)
    expect(desktop!.lifecycle.names()).toEqual(['security', 'settings', 'core', 'ipc', 'window', 'tray'])
    expect(t.order).toEqual(['security', 'settings', 'core'])
    expect(FakeWindow.created).toHaveLength(1)
    expect(FakeWindow.created[0]!.loaded).toEqual(['app://monitor/index.html'])
    expect(t.trays).toHaveLength(1)
  })

  it('serves the built page from app:// — privileged before ready, the renderer folder only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpm-bootstrap-'))
    try {
      mkdirSync(join(dir, 'out', 'renderer'), { recursive: true })
      mkdirSync(join(dir, 'out', 'main'))
      writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html>')
      writeFileSync(join(dir, 'out', 'main', 'index.js'), 'main process code')
      const t = setup()
      t.deps.mainDir = join(dir, 'out', 'main')
      await bootstrap(t.deps)
      expect(t.timeline).toEqual(['privileged app', 'ready', 'handle app'])
      const handler = t.schemeHandlers.get('app')!
      const page = await handler(new Request('app://monitor/index.html'))
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await page.text()).toBe('<!doctype html>')
      expect((await handler(new Request('app://monitor/../main/index.js'))).status).toBe(404)
      expect((await handler(new Request('app://monitor/..%2fmain%2findex.js'))).status).toBe(404)
      expect(FakeWindow.created[0]!.loaded).toEqual(['app://monitor/index.html'])
      t.app.quit()
      await vi.waitFor(() => expect(t.timeline.at(-1)).toBe('unhandle app'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('development keeps the loopback dev server; a packaged app always loads app://', async () => {
    const dev = setup()
    dev.deps.env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }
    await bootstrap(dev.deps)
    expect(FakeWindow.created.at(-1)!.loaded).toEqual(['http://localhost:5173/'])
    const packaged = setup()
    packaged.app.isPackaged = true
    packaged.deps.env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }
    await bootstrap(packaged.deps)
    expect(FakeWindow.created.at(-1)!.loaded).toEqual(['app://monitor/index.html'])
  })

  it('keeps data in one per-user folder shared with serve, unless --user-data-dir was given', async () => {
    const t = setup()
    await bootstrap(t.deps)
    expect(t.app.getPath('userData')).toBe(join('/home/u/.config', 'FastPix Live Monitor'))
    expect(t.coreOptions[0]!.dataDir).toBe(join('/home/u/.config', 'FastPix Live Monitor'))
    const u = setup()
    u.app.switchValues.set('user-data-dir', '/tmp/profile')
    await bootstrap(u.deps)
    expect(u.coreOptions[0]!.dataDir).toBe('/tmp/profile')
  })

  it('a second launch quits and focuses the first', async () => {
    const t = setup()
    t.app.lock = false
    expect(await bootstrap(t.deps)).toBeNull()
    expect(t.app.quit).toHaveBeenCalled()
    expect(t.order).toEqual([])

    const first = setup()
    await bootstrap(first.deps)
    const win = FakeWindow.created[0]!
    win.hide()
    first.app.emit('second-instance')
    expect(win.visible).toBe(true)
  })

  it('first run: nothing chosen yet (the core shows the demo and offers the choice)', async () => {
    const t = setup()
    await bootstrap(t.deps)
    expect(await t.coreOptions[0]!.store.load()).toMatchObject({ mode: null, secretKey: null })
  })

  it('a connected workspace comes back with its decrypted secrets, on the configured port', async () => {
    const t = setup({
      settings: {
        workspace: { mode: 'live', accessTokenId: 'tok-1', publicUrl: { mode: 'ngrok', domain: null } },
      },
      secrets: {
        fastpixSecretKey: Buffer.from('enc:sk').toString('base64'),
        signingSecret: Buffer.from('enc:c2lnbg==').toString('base64'),
        ngrokAuthtoken: Buffer.from('enc:ngrok-tok').toString('base64'),
      },
    })
    await bootstrap(t.deps)
    expect(t.coreOptions[0]).toMatchObject({ webhookPort: 8790 })
    expect(t.coreOptions[0]!.store.persistent).toBe(true)
    expect(await t.coreOptions[0]!.store.load()).toEqual({
      mode: 'live',
      accessTokenId: 'tok-1',
      secretKey: 'sk',
      signingSecret: 'c2lnbg==',
      publicUrl: { mode: 'ngrok', authtoken: 'ngrok-tok', domain: null },
    })
  })

  it('on Linux without a keyring (basic_text) the core’s store keeps secrets in memory and says so', async () => {
    const t = setup()
    t.deps.safeStorage = { ...t.deps.safeStorage, getSelectedStorageBackend: () => 'basic_text' }
    await bootstrap(t.deps)
    const store = t.coreOptions[0]!.store
    expect(store.keyring?.()).toEqual({ secretsPersisted: false, reason: expect.stringContaining('keyring') })
    const config = {
      mode: 'live' as const,
      accessTokenId: 'tok-1',
      secretKey: 'sk-session',
      signingSecret: 'c2lnbg==',
      publicUrl: null,
    }
    await store.save(config)
    expect(await store.load()).toEqual(config)
    for (const name of SECRET_NAMES) expect(t.secretsFile.get(name)).toBeNull()
  })

  it('back from sleep the core is told to reconnect and reconcile', async () => {
    const t = setup()
    await bootstrap(t.deps)
    t.power.emit('resume')
    expect(t.resume).toHaveBeenCalledTimes(1)
  })

  it('start at login follows the setting where the OS supports it', async () => {
    const t = setup({ settings: { startAtLogin: true }, platform: 'darwin' })
    await bootstrap(t.deps)
    expect(t.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] })
  })

  it('the window’s page reaches the core through IPC', async () => {
    const t = setup()
    await bootstrap(t.deps)
    const page = FakeWindow.created[0]!.webContents
    await expect(t.ipc.invoke('monitor:getSnapshot', { contents: page })).resolves.toEqual({
      ok: true,
      data: snapshot,
    })
  })

  it('quit stops every service (listeners, store, tray, window) and then exits', async () => {
    const t = setup()
    await bootstrap(t.deps)
    t.app.quit()
    await vi.waitFor(() => expect(t.app.quit).toHaveBeenCalledTimes(2))
    expect(t.coreStop).toHaveBeenCalledTimes(1)
    expect(t.trays[0]!.destroyed).toBe(true)
    expect(FakeWindow.created[0]!.destroyed).toBe(true)
    expect(t.ipc.handlers.size).toBe(0)
  })

  it('a core that never stops cannot hold the quit past the cap', async () => {
    const t = setup()
    t.coreStop.mockImplementation(() => new Promise(() => {}))
    await bootstrap(t.deps)
    const started = Date.now()
    t.app.quit()
    await vi.waitFor(() => expect(t.app.quit).toHaveBeenCalledTimes(2), { timeout: 3000 })
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it('tray "Quit" quits for real; closing the window only hides it', async () => {
    const t = setup()
    const desktop = await bootstrap(t.deps)
    const win = FakeWindow.created[0]!
    const close = electronEvent({})
    win.emit('close', close)
    expect(close.defaultPrevented).toBe(true)
    desktop!.presence.act({ kind: 'quit' })
    expect(t.app.quit).toHaveBeenCalled()
  })

  it('a core that cannot start shows why and exits 1, after stopping what had started', async () => {
    const t = setup()
    t.deps.startCore = async () => {
      throw Object.assign(new Error('listen EADDRINUSE 127.0.0.1:8790'), { code: 'EADDRINUSE' })
    }
    expect(await bootstrap(t.deps)).toBeNull()
    expect(t.deps.showErrorBox).toHaveBeenCalledWith(
      'FastPix Live Monitor could not start',
      expect.stringContaining('already in use'),
    )
    expect(t.app.exit).toHaveBeenCalledWith(1)
    expect(FakeWindow.created).toHaveLength(0)
  })
})
