// S1: one factory creates every BrowserWindow, with the page cut off from Node;
// plus the window's behaviour (bounds remembered, close to tray, open on a stream).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WindowState } from '../../../../src/main/app/settings-schema.ts'
import {
  createWindow,
  SECURE_WEB_PREFERENCES,
  startWindowService,
  visibleBounds,
  windowOptions,
} from '../../../../src/main/app/window.ts'
import { electronEvent, FakeWindow, RENDERER, RENDERER_URL, silentLog } from './fakes.ts'

const root = join(import.meta.dirname, '../../../..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : []
  })
}

describe('window factory (S1)', () => {
  it('sets every isolation flag and the sandboxed CommonJS preload', () => {
    const options = windowOptions({ preload: '/app/out/preload/index.cjs' })
    expect(options.webPreferences).toEqual({
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
      preload: '/app/out/preload/index.cjs',
    })
    expect(options.show).toBe(false)
  })

  it('a spec cannot weaken the flags (they are not part of it)', () => {
    const options = windowOptions({ preload: 'p', ...({ webPreferences: { sandbox: false } } as object) })
    expect(options.webPreferences).toMatchObject(SECURE_WEB_PREFERENCES)
  })

  it('createWindow hands exactly those options to BrowserWindow', () => {
    const seen: unknown[] = []
    class Spy {
      constructor(options: unknown) {
        seen.push(options)
      }
    }
    createWindow(Spy as never, { preload: 'p.cjs', bounds: { width: 900, height: 700, x: 5, y: 6 } })
    expect(seen).toEqual([
      windowOptions({ preload: 'p.cjs', bounds: { width: 900, height: 700, x: 5, y: 6 } }),
    ])
    expect(seen[0]).toMatchObject({ width: 900, height: 700, x: 5, y: 6 })
  })

  it('no other module constructs a BrowserWindow', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((file) => !file.endsWith(join('src', 'main', 'app', 'window.ts')))
      .filter((file) => /new\s+(\w+\.)?BrowserWindow\b|BrowserWindow\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
    expect(offenders).toEqual([])
    const factory = readFileSync(join(root, 'src/main/app/window.ts'), 'utf8')
    expect(factory.match(/\bnew\s+\w+\s*\(/g)).toEqual(['new Window('])
  })

  it('the built preload path is the CommonJS one electron-vite emits', () => {
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')
    expect(config).toContain("entryFileNames: '[name].cjs'")
    expect(readFileSync(join(root, 'src/main/index.ts'), 'utf8')).toContain("'../preload/index.cjs'")
  })
})

describe('remembered bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]
  it('keeps bounds that are on a screen', () => {
    expect(visibleBounds({ x: 100, y: 100, width: 800, height: 600 }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 800,
      height: 600,
    })
  })
  it('drops the position of a window left on a screen that is gone', () => {
    expect(visibleBounds({ x: 3000, y: 100, width: 800, height: 600 }, screen)).toEqual({
      width: 800,
      height: 600,
    })
  })
  it('no saved bounds: defaults', () => expect(visibleBounds(null, screen)).toBeNull())
})

describe('window service', () => {
  let saved: WindowState[]
  let quitting: boolean
  let closeToTray: boolean
  beforeEach(() => {
    FakeWindow.created = []
    saved = []
    quitting = false
    closeToTray = true
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  const start = (startHidden = false) => {
    const onPage = vi.fn()
    const service = startWindowService({
      Window: FakeWindow as never,
      renderer: RENDERER,
      preload: '/app/out/preload/index.cjs',
      state: { bounds: { x: 50, y: 60, width: 900, height: 650 }, maximized: false },
      saveState: (s) => saved.push(s),
      displays: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
      closeToTray: () => closeToTray,
      isQuitting: () => quitting,
      onPage,
      startHidden,
      log: silentLog,
    })
    return { service, onPage, win: FakeWindow.created[0]! }
  }

  it('opens the built page from app:// with the saved bounds and hands its page to IPC', () => {
    const { win, onPage } = start()
    expect(win.loaded).toEqual(['app://monitor/index.html'])
    expect(RENDERER_URL).toBe('app://monitor/index.html')
    expect(win.options).toMatchObject({ x: 50, y: 60, width: 900, height: 650 })
    expect(onPage).toHaveBeenCalledWith(win)
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
  })

  it('started at login (--hidden) it stays in the tray', () => {
    const { win } = start(true)
    win.emit('ready-to-show')
    expect(win.visible).toBe(false)
  })

  it('closing hides to the tray and saves bounds; when quitting it really closes', () => {
    const { win } = start()
    win.emit('ready-to-show')
    const close = electronEvent({})
    win.emit('close', close)
    expect(close.defaultPrevented).toBe(true)
    expect(win.visible).toBe(false)
    expect(saved.at(-1)).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false })
    quitting = true
    const again = electronEvent({})
    win.emit('close', again)
    expect(again.defaultPrevented).toBe(false)
  })

  it('with close-to-tray off, closing closes', () => {
    closeToTray = false
    const { win } = start()
    const close = electronEvent({})
    win.emit('close', close)
    expect(close.defaultPrevented).toBe(false)
  })

  it('moves and resizes are saved once they settle', async () => {
    const { win } = start()
    for (let i = 0; i < 20; i++) win.emit('move')
    expect(saved).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(600)
    expect(saved).toHaveLength(1)
  })

  it('showStream moves the open page to the stream’s hash route and brings it up', () => {
    const { service, win } = start(true)
    service.showStream('live/stream 1')
    expect(win.loaded.at(-1)).toBe(`${RENDERER_URL}#/streams/live%2Fstream%201`)
    expect(win.visible).toBe(true)
    expect(FakeWindow.created).toHaveLength(1)
  })

  it('show() after the window was destroyed opens a new one', () => {
    closeToTray = false
    const { service, win } = start()
    win.destroy()
    service.show()
    expect(FakeWindow.created).toHaveLength(2)
    expect(FakeWindow.created[1]!.visible).toBe(true)
  })

  it('stop() saves and destroys', () => {
    const { service, win } = start()
    service.stop()
    expect(win.destroyed).toBe(true)
    expect(saved).toHaveLength(1)
  })
})
