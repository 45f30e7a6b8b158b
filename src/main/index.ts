// Electron main: the composition root. Starts, in this order, the security
// baseline, settings (+ secrets), the monitor core, IPC, the window and the tray /
// notifications; stops them in reverse within 5 s on quit. `bootstrap` takes every
// Electron piece as a dependency so tests can drive it with fakes.
import { join } from 'node:path'
import {
  type App,
  BrowserWindow,
  type Display,
  dialog,
  app as electronApp,
  Menu,
  Notification,
  nativeImage,
  nativeTheme,
  type PowerMonitor,
  type Protocol,
  powerMonitor,
  protocol,
  type Session,
  type Shell,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron'
import { registerAppScheme, serveAppScheme } from './app/app-protocol.ts'
import { type DesktopCore, type DesktopCoreOptions, startDesktopCore } from './app/desktop-core.ts'
import { createIpcHost, type IpcHost, type IpcMainLike } from './app/ipc-main.ts'
import { createLifecycle, type Lifecycle, quitOnSignals } from './app/lifecycle.ts'
import { registerMonitorIpc } from './app/monitor-ipc.ts'
import { createDesktopNotifications, type NotificationElectron } from './app/notifications.ts'
import { type Presence, type PresenceAction, type PresenceDeps, startPresence } from './app/presence.ts'
import { createPresenceRules } from './app/presence-rules.ts'
import { rendererLocation } from './app/renderer-url.ts'
import { createSecrets, type SafeStorageLike, type SecretRecord, type Secrets } from './app/secrets.ts'
import { applySecurityBaseline } from './app/security.ts'
import { createSettings, type KeyValueFile, type Settings } from './app/settings.ts'
import { openSecretsFile, openSettingsFile } from './app/settings-files.ts'
import type { AppSettings } from './app/settings-schema.ts'
import { type AppSignals, createAppSignals } from './app/signals.ts'
import { createTrayAdapter, type TrayElectron } from './app/tray.ts'
import { type BrowserWindowClass, startWindowService, type WindowService } from './app/window.ts'
import { createDesktopConfigFile } from './app/workspace-config.ts'
import { PRODUCT_NAME } from './core/config/paths.ts'
import { createLogger, type Logger } from './core/logger.ts'

export interface BootstrapDeps {
  app: Pick<
    App,
    | 'requestSingleInstanceLock'
    | 'on'
    | 'quit'
    | 'exit'
    | 'whenReady'
    | 'getPath'
    | 'setPath'
    | 'setLoginItemSettings'
    | 'commandLine'
    | 'isPackaged'
  >
  BrowserWindow: BrowserWindowClass
  /** app:// for the built page: privileged before ready, served after. */
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle'>
  defaultSession(): Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>
  shell: Pick<Shell, 'openExternal'>
  safeStorage: SafeStorageLike
  displays(): Display[]
  tray: TrayElectron
  notification: NotificationElectron
  showErrorBox(title: string, content: string): void
  powerMonitor: Pick<PowerMonitor, 'on'>
  ipc?: IpcMainLike
  openSettingsFile(): KeyValueFile<AppSettings>
  openSecretsFile(): KeyValueFile<SecretRecord>
  startCore(options: DesktopCoreOptions): Promise<DesktopCore>
  /** Folder of the bundled main (out/main); the preload and renderer are its siblings. */
  mainDir: string
  /** Packaged: process.resourcesPath; development: the repository's build/. */
  resourcesDir: string
  env: NodeJS.ProcessEnv
  argv: readonly string[]
  platform: NodeJS.Platform
  /** Whether menus are dark (picks the tray icon variant). */
  darkMenus?: () => boolean
  log?: Logger
  /** Replace the tray model / notification rules (tests); the core's rules by default. */
  presence?: Partial<Pick<PresenceDeps, 'buildTrayView' | 'decideNotifications'>>
  shutdownCapMs?: number
}

export interface DesktopApp {
  readonly lifecycle: Lifecycle
  readonly signals: AppSignals
  readonly settings: Settings
  readonly secrets: Secrets
  readonly core: DesktopCore
  readonly ipc: IpcHost
  readonly window: WindowService
  readonly presence: Presence
  /** Stops every service (capped) and exits. */
  quit(): Promise<void>
}

export async function bootstrap(deps: BootstrapDeps): Promise<DesktopApp | null> {
  const { app } = deps
  const log = deps.log ?? createLogger()
  // Electron takes privileged schemes only before ready.
  registerAppScheme(deps.protocol)

  // Same folder as `serve` (one per user) unless the launcher chose one (tests: a temp dir).
  const chosen = app.commandLine.hasSwitch('user-data-dir')
    ? app.commandLine.getSwitchValue('user-data-dir')
    : ''
  app.setPath(
    'userData',
    chosen || deps.env.FASTPIX_MONITOR_DATA_DIR || join(app.getPath('appData'), PRODUCT_NAME),
  )
  if (!app.requestSingleInstanceLock()) {
    log.info('already running: focusing the open window')
    app.quit()
    return null
  }
  await app.whenReady()

  // The dev server only in development; a packaged app always loads its own files.
  const rendererDir = join(deps.mainDir, '../renderer')
  const renderer = rendererLocation(rendererDir, app.isPackaged ? undefined : deps.env.ELECTRON_RENDERER_URL)
  const signals = createAppSignals()
  const lifecycle = createLifecycle(log, deps.shutdownCapMs ?? 5000)
  let quitting = false

  try {
    await lifecycle.start('security', () => {
      applySecurityBaseline(app, deps.defaultSession(), {
        renderer,
        openExternal: (url) => deps.shell.openExternal(url),
        log,
      })
      // Only the built renderer folder, also in development (where the page comes from the dev server).
      const unserve = serveAppScheme(deps.protocol, rendererDir)
      return { stop: unserve }
    })

    const { settings, secrets } = await lifecycle.start('settings', () => {
      const settings = createSettings(deps.openSettingsFile())
      const secrets = createSecrets(deps.openSecretsFile(), deps.safeStorage, log)
      if (deps.platform === 'darwin' || deps.platform === 'win32') {
        app.setLoginItemSettings({ openAtLogin: settings.read('startAtLogin'), args: ['--hidden'] })
      }
      // conf writes each change atomically when it is made: nothing is pending at stop.
      return { settings, secrets, stop() {} }
    })

    const core = await lifecycle.start('core', async () => {
      // The first run shows the demo with the choice to connect a workspace; the choice is kept.
      const started = await deps.startCore({
        dataDir: app.getPath('userData'),
        store: createDesktopConfigFile(settings, secrets),
        settings: settings.monitor(),
        onSettingsChanged: (next) => settings.setMonitor(next),
        // A pause or a mute outlives a restart: the core's notification state is saved with the settings.
        notifications: {
          saved: settings.read('notifications'),
          onSaved: (saved) => settings.write('notifications', saved),
        },
        webhookPort: settings.read('webhookPort'),
        log,
      })
      // Back from sleep the tunnel may be gone and webhooks missed: reconnect and reconcile.
      deps.powerMonitor.on('resume', () => started.resume())
      return started
    })

    const ipc = await lifecycle.start('ipc', () => {
      const host = createIpcHost({ renderer, log, ipc: deps.ipc })
      const unsubscribe = registerMonitorIpc(host, core.api)
      const stopHost = host.stop
      return Object.assign(host, {
        stop() {
          unsubscribe()
          stopHost()
        },
      })
    })

    const window = await lifecycle.start('window', () =>
      startWindowService({
        Window: deps.BrowserWindow,
        renderer,
        preload: join(deps.mainDir, '../preload/index.cjs'),
        icon: join(deps.resourcesDir, 'icon.png'),
        state: settings.windowState(),
        saveState: (state) => {
          try {
            settings.setWindowState(state)
          } catch (error) {
            log.warn(`window state not saved: ${(error as Error).message}`)
          }
        },
        displays: () => deps.displays().map((d) => d.workArea),
        closeToTray: () => settings.read('closeToTray'),
        isQuitting: () => quitting,
        onPage: (win) => ipc.attach(win.webContents),
        startHidden: deps.argv.includes('--hidden'),
        log,
      }),
    )

    const presence = await lifecycle.start('tray', () => {
      let act = (_action: PresenceAction): void => {}
      const tray = createTrayAdapter<PresenceAction>(
        deps.tray,
        { onAction: (a) => act(a), onClick: () => signals.emit('show-window') },
        log,
      )
      const desktopNotifications = createDesktopNotifications<PresenceAction>(
        deps.notification,
        (a) => act(a),
        log,
      )
      const rules = createPresenceRules({
        api: core.api,
        resourcesDir: deps.resourcesDir,
        platform: deps.platform,
        darkMenus: deps.darkMenus ?? (() => false),
        log,
      })
      return startPresence({
        api: core.api,
        tray,
        desktopNotifications,
        signals,
        log,
        buildTrayView: deps.presence?.buildTrayView ?? ((p, now) => rules.buildTrayView(p, now)),
        decideNotifications: deps.presence?.decideNotifications ?? ((b) => rules.decideNotifications(b)),
        onNotificationAction: (a) => rules.act(a),
      }).then((started) => {
        act = (a) => started.act(a)
        return started
      })
    })

    signals.on('show-window', () => window.show())
    signals.on('open-stream', (id) => window.showStream(id))
    signals.on('quit', () => app.quit())
    app.on('second-instance', () => signals.emit('show-window'))
    app.on('activate', () => signals.emit('show-window'))
    app.on('window-all-closed', () => {
      if (!settings.read('closeToTray')) app.quit()
    })

    let stopped = false
    const quit = async (): Promise<void> => {
      quitting = true
      await lifecycle.stop()
      stopped = true
    }
    app.on('before-quit', (event) => {
      quitting = true
      if (stopped) return
      event.preventDefault()
      void quit().then(() => app.quit())
    })
    return { lifecycle, signals, settings, secrets, core, ipc, window, presence, quit }
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `The webhook port is already in use (${(error as Error).message}).`
        : (error as Error).message
    log.error(`could not start: ${message}`)
    deps.showErrorBox('FastPix Live Monitor could not start', message)
    app.exit(1)
    return null
  }
}

/** The real Electron pieces. */
export function electronDeps(): BootstrapDeps {
  return {
    app: electronApp,
    BrowserWindow,
    protocol,
    defaultSession: () => session.defaultSession,
    shell,
    safeStorage,
    displays: () => screen.getAllDisplays(),
    tray: { Tray, Menu, nativeImage },
    notification: { Notification },
    showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    powerMonitor,
    openSettingsFile,
    openSecretsFile,
    startCore: startDesktopCore,
    mainDir: import.meta.dirname,
    resourcesDir: electronApp.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../../build'),
    env: process.env,
    argv: process.argv,
    platform: process.platform,
    darkMenus: () => nativeTheme.shouldUseDarkColors,
  }
}

// Only inside Electron: importing this module in tests must not start anything.
if (process.versions.electron) {
  quitOnSignals(process, () => electronApp.quit())
  void bootstrap(electronDeps())
}
