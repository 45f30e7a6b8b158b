// Stand-ins for the Electron objects the desktop shell touches. Tests that import a
// module which imports 'electron' also vi.mock('electron') (the real package would
// try to download a binary).

import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import { rendererLocation } from '../../../../src/main/app/renderer-url.ts'
import type { KeyValueFile } from '../../../../src/main/app/settings.ts'

export const RENDERER_DIR = '/opt/app/out/renderer'
export const RENDERER = rendererLocation(RENDERER_DIR, undefined)
export const RENDERER_URL = RENDERER.url

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} }

export interface FakeFrame {
  url: string
  parent: FakeFrame | null
  frameTreeNodeId: number
}

let nextFrameId = 1

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame
  readonly send = vi.fn()
  destroyed = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  constructor(url = RENDERER_URL) {
    super()
    this.mainFrame = { url, parent: null, frameTreeNodeId: nextFrameId++ }
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  getURL(): string {
    return this.mainFrame.url
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

/** An Electron-style event: a listener calls preventDefault to refuse. */
export function electronEvent<T extends object>(
  fields: T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  }
  return event
}

type Listener = (event: never, ...args: unknown[]) => unknown

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>()
  readonly listeners = new Map<string, Set<Listener>>()
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel)
    if (!set) {
      set = new Set()
      this.listeners.set(channel, set)
    }
    set.add(listener)
    return this
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener)
    return this
  }
  /** As if `sender` (its frame) called ipcRenderer.invoke. */
  invoke(
    channel: string,
    sender: { contents: FakeWebContents; frame?: FakeFrame | null },
    ...args: unknown[]
  ) {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    const frame = sender.frame === undefined ? sender.contents.mainFrame : sender.frame
    return handler({ sender: sender.contents, senderFrame: frame } as never, ...args)
  }
  /** As if the page called ipcRenderer.send. */
  emit(channel: string, contents: FakeWebContents, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      listener({ sender: contents, senderFrame: contents.mainFrame } as never, ...args)
    }
  }
}

/** The module-level `electron` for vi.mock: only what the shell's modules import by value. */
export function electronModuleMock() {
  return {
    ipcMain: new FakeIpcMain(),
    ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    app: { on: vi.fn(), quit: vi.fn(), isPackaged: false },
    BrowserWindow: class {},
    Menu: { buildFromTemplate: vi.fn() },
    Notification: class {},
    Tray: class {},
    nativeImage: { createFromPath: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    safeStorage: {},
    screen: { getAllDisplays: () => [] },
    session: {},
    shell: { openExternal: vi.fn() },
  }
}

export class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly options: unknown
  destroyed = false
  visible = false
  loaded: string[] = []
  constructor(options: unknown) {
    super()
    this.options = options
    FakeWindow.created.push(this)
  }
  isDestroyed = () => this.destroyed
  destroy = () => {
    this.destroyed = true
    this.emit('closed')
  }
  show = () => {
    this.visible = true
  }
  hide = () => {
    this.visible = false
  }
  focus = vi.fn()
  restore = vi.fn()
  isMinimized = () => false
  isMaximized = () => false
  maximize = vi.fn()
  getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 })
  loadFile = async (file: string) => {
    this.loaded.push(file)
  }
  loadURL = async (url: string) => {
    this.loaded.push(url)
  }
}

/** A conf-like key-value store in memory (the settings and secrets stores in tests). */
export function memoryKeyValue<T extends object>(initial: T): KeyValueFile<T> {
  const data = structuredClone(initial)
  return {
    get: (k) => data[k],
    set: (k, v) => {
      data[k] = v
    },
    path: 'memory',
  }
}
