// The one window factory (S1) and the dashboard window's behaviour: remembered
// bounds, close to tray, open on a stream. `createWindow` is the only place in the
// app that constructs a BrowserWindow (a test greps for others).
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron'
import type { Logger } from '../core/logger.ts'
import type { RendererLocation } from './renderer-url.ts'
import { streamUrl } from './renderer-url.ts'
import type { WindowBounds, WindowState } from './settings-schema.ts'

/** Every flag that keeps the page away from Node and from other origins. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences

export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow

export interface WindowSpec {
  preload: string
  bounds?: Partial<Rectangle> | null
  show?: boolean
  title?: string
  icon?: string
}

export function windowOptions(spec: WindowSpec): BrowserWindowConstructorOptions {
  return {
    width: spec.bounds?.width ?? 1280,
    height: spec.bounds?.height ?? 840,
    ...(spec.bounds?.x !== undefined && spec.bounds?.y !== undefined
      ? { x: spec.bounds.x, y: spec.bounds.y }
      : {}),
    minWidth: 720,
    minHeight: 480,
    show: spec.show ?? false,
    title: spec.title ?? 'FastPix Live Monitor',
    backgroundColor: '#0f1115',
    autoHideMenuBar: true,
    ...(spec.icon ? { icon: spec.icon } : {}),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: spec.preload },
  }
}

/** The factory: the only `new BrowserWindow` in the app. */
export function createWindow(Window: BrowserWindowClass, spec: WindowSpec): BrowserWindow {
  return new Window(windowOptions(spec))
}

/** Saved bounds are used only if most of the window lands on a screen we have now. */
export function visibleBounds(
  saved: WindowBounds | null,
  displays: readonly Rectangle[],
): WindowBounds | null {
  if (!saved) return null
  if (saved.x === undefined || saved.y === undefined) return { width: saved.width, height: saved.height }
  const { x, y, width, height } = saved
  const onScreen = displays.some((d) => {
    const w = Math.min(x + width, d.x + d.width) - Math.max(x, d.x)
    const h = Math.min(y + height, d.y + d.height) - Math.max(y, d.y)
    return w > 0 && h > 0 && w * h >= 0.5 * width * height
  })
  return onScreen ? saved : { width, height }
}

export interface WindowServiceDeps {
  Window: BrowserWindowClass
  renderer: RendererLocation
  preload: string
  icon?: string
  state: WindowState
  saveState(state: WindowState): void
  displays(): Rectangle[]
  closeToTray(): boolean
  isQuitting(): boolean
  /** Called for each new window's page (IPC push target). */
  onPage(window: BrowserWindow): void
  startHidden: boolean
  log: Logger
}

export interface WindowService {
  show(): void
  showStream(streamId: string): void
  current(): BrowserWindow | null
  stop(): void
}

export function startWindowService(deps: WindowServiceDeps): WindowService {
  let win: BrowserWindow | null = null
  let saveTimer: NodeJS.Timeout | null = null

  const save = (): void => {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
    if (!win || win.isDestroyed()) return
    deps.saveState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() })
  }
  const saveSoon = (): void => {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(save, 500)
  }

  function open(show: boolean, url?: string): BrowserWindow {
    const bounds = visibleBounds(deps.state.bounds, deps.displays())
    const created = createWindow(deps.Window, { preload: deps.preload, bounds, show: false, icon: deps.icon })
    win = created
    if (deps.state.maximized) created.maximize()
    created.once('ready-to-show', () => {
      if (show) created.show()
    })
    created.on('resize', saveSoon)
    created.on('move', saveSoon)
    created.on('close', (event) => {
      save()
      if (!deps.isQuitting() && deps.closeToTray()) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      if (win === created) win = null
    })
    deps.onPage(created)
    // app://monitor/index.html (served by app-protocol.ts) or the dev server; never file://.
    created
      .loadURL(url ?? deps.renderer.url)
      .catch((error: unknown) => deps.log.error(`could not load the dashboard: ${(error as Error).message}`))
    return created
  }

  function reveal(target: BrowserWindow): void {
    if (target.isMinimized()) target.restore()
    target.show()
    target.focus()
  }

  open(!deps.startHidden)

  return {
    show() {
      reveal(win && !win.isDestroyed() ? win : open(true))
    },
    showStream(streamId) {
      const url = streamUrl(deps.renderer, streamId)
      if (win && !win.isDestroyed()) {
        // Same document, new hash: the renderer's router moves, nothing reloads.
        win
          .loadURL(url)
          .catch((error: unknown) => deps.log.warn(`could not open stream: ${(error as Error).message}`))
        reveal(win)
      } else {
        reveal(open(true, url))
      }
    },
    current: () => (win && !win.isDestroyed() ? win : null),
    stop() {
      save()
      if (win && !win.isDestroyed()) win.destroy()
      win = null
    },
  }
}
