// Tray and notification adapters render plain view models with Electron; the
// presence service keeps the workspace picture and routes clicks as app events.
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDesktopNotifications } from '../../../../src/main/app/notifications.ts'
import { type PresenceAction, startPresence } from '../../../../src/main/app/presence.ts'
import { createAppSignals } from '../../../../src/main/app/signals.ts'
import { createTrayAdapter, type TrayView, toMenuTemplate } from '../../../../src/main/app/tray.ts'
import type { MonitorApi, MonitorSnapshot, UpdateBatch } from '../../../../src/shared/api.ts'
import type { StreamSnapshot } from '../../../../src/shared/domain.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../src/shared/notify.ts'
import { silentLog } from './fakes.ts'

class FakeTray extends EventEmitter {
  static made: FakeTray[] = []
  image: unknown
  tooltip = ''
  menu: unknown
  destroyed = false
  constructor(image: unknown) {
    super()
    this.image = image
    FakeTray.made.push(this)
  }
  setImage(image: unknown) {
    this.image = image
  }
  setToolTip(t: string) {
    this.tooltip = t
  }
  setContextMenu(m: unknown) {
    this.menu = m
  }
  destroy() {
    this.destroyed = true
  }
}

const image = (path: string) => ({ path, isEmpty: () => path.includes('missing'), setTemplateImage: vi.fn() })
const trayElectron = () => ({
  Tray: FakeTray as never,
  Menu: { buildFromTemplate: (t: unknown) => ({ template: t }) as never },
  nativeImage: { createFromPath: (p: string) => image(p) as never },
})

describe('tray adapter', () => {
  beforeEach(() => {
    FakeTray.made = []
  })

  it('maps the menu model to an Electron template; clicks report the item’s action', () => {
    const onAction = vi.fn()
    const template = toMenuTemplate<string>(
      [
        { type: 'item', label: 'All healthy' },
        { type: 'separator' },
        { type: 'submenu', label: 'Pause', items: [{ type: 'item', label: '1 h', action: 'pause-60' }] },
        { type: 'checkbox', label: 'Sound', checked: true, action: 'sound' },
      ],
      onAction,
    )
    expect(template[0]).toMatchObject({ label: 'All healthy', enabled: false })
    expect(template[1]).toEqual({ type: 'separator' })
    const sub = template[2]!.submenu as { click: () => void; enabled: boolean }[]
    expect(sub[0]!.enabled).toBe(true)
    sub[0]!.click()
    expect(onAction).toHaveBeenCalledWith('pause-60')
    expect(template[3]).toMatchObject({ type: 'checkbox', checked: true })
  })

  it('creates the tray once, swaps the icon only when it changes, destroys on stop', () => {
    const adapter = createTrayAdapter<string>(trayElectron(), { onAction: vi.fn() }, silentLog)
    const view = (icon: string): TrayView<string> => ({ icon, tooltip: icon, items: [] })
    adapter.show(view('/icons/green.png'))
    adapter.show(view('/icons/green.png'))
    adapter.show(view('/icons/red.png'))
    expect(FakeTray.made).toHaveLength(1)
    expect(FakeTray.made[0]!.image).toMatchObject({ path: '/icons/red.png' })
    expect(FakeTray.made[0]!.tooltip).toBe('/icons/red.png')
    adapter.destroy()
    expect(FakeTray.made[0]!.destroyed).toBe(true)
  })

  it('a missing icon file means no tray (logged), not a crash', () => {
    const warn = vi.fn()
    const adapter = createTrayAdapter<string>(trayElectron(), { onAction: vi.fn() }, { ...silentLog, warn })
    adapter.show({ icon: '/missing.png', tooltip: '', items: [] })
    expect(FakeTray.made).toHaveLength(0)
    expect(warn).toHaveBeenCalled()
  })
})

class FakeNotification extends EventEmitter {
  static made: FakeNotification[] = []
  static supported = true
  static isSupported = () => FakeNotification.supported
  shown = false
  readonly options: Record<string, unknown>
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeNotification.made.push(this)
  }
  show() {
    this.shown = true
  }
  close = vi.fn()
}

describe('notification adapter', () => {
  beforeEach(() => {
    FakeNotification.made = []
    FakeNotification.supported = true
  })

  it('shows each decision; a click reports its key', () => {
    const onClick = vi.fn()
    const shown = createDesktopNotifications<string>(
      { Notification: FakeNotification as never },
      onClick,
      silentLog,
    )
    shown.show([
      { title: 'Stream down', body: 'Encoder disconnected', key: 'open:s1' },
      { title: 'Recovered', body: 'ok', key: 'open:s2', silent: false },
    ])
    expect(FakeNotification.made.map((n) => [n.options.title, n.options.silent, n.shown])).toEqual([
      ['Stream down', true, true],
      ['Recovered', false, true],
    ])
    FakeNotification.made[1]!.emit('click')
    expect(onClick).toHaveBeenCalledWith('open:s2')
  })

  it('does nothing (once logged) where notifications are unsupported', () => {
    FakeNotification.supported = false
    const warn = vi.fn()
    const shown = createDesktopNotifications<string>({ Notification: FakeNotification as never }, vi.fn(), {
      ...silentLog,
      warn,
    })
    shown.show([{ title: 'a', body: 'b', key: 'k' }])
    shown.show([{ title: 'a', body: 'b', key: 'k' }])
    expect(FakeNotification.made).toHaveLength(0)
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

const stream = (id: string, health: StreamSnapshot['health']): StreamSnapshot =>
  ({ id, health }) as StreamSnapshot
const emptyBatch = (seq: number, over: Partial<UpdateBatch> = {}): UpdateBatch => ({
  seq,
  streams: [],
  removedStreamIds: [],
  events: [],
  decisions: [],
  notifications: null,
  workspace: null,
  transitions: [],
  receiver: null,
  workspaceHealth: null,
  settings: null,
  ...over,
})

describe('presence', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function fakeApi(snapshot: Partial<MonitorSnapshot>) {
    let listener: ((b: UpdateBatch) => void) | null = null
    const api = {
      getSnapshot: async () =>
        ({
          seq: 3,
          streams: [],
          workspaceHealth: 'empty',
          notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} },
          ...snapshot,
        }) as MonitorSnapshot,
      onUpdate: (l: (b: UpdateBatch) => void) => {
        listener = l
        return () => (listener = null)
      },
    } as unknown as MonitorApi
    return { api, push: (b: UpdateBatch) => listener?.(b), subscribed: () => listener !== null }
  }

  it('starts from the snapshot, follows batches, rebuilds the tray at most once a second', async () => {
    const { api, push } = fakeApi({ streams: [stream('a', 'healthy')], workspaceHealth: 'healthy' })
    const views: string[] = []
    const tray = { show: (v: TrayView<PresenceAction>) => views.push(v.tooltip), destroy: vi.fn() }
    const decide = vi.fn(() => [])
    const presence = await startPresence({
      api,
      tray,
      desktopNotifications: { show: vi.fn(), closeAll: vi.fn() },
      signals: createAppSignals(),
      log: silentLog,
      buildTrayView: (p) => ({ icon: 'i', tooltip: `${p.workspaceHealth}:${p.streams.size}`, items: [] }),
      decideNotifications: decide,
    })
    expect(views).toEqual(['healthy:1'])
    for (let i = 0; i < 10; i++)
      push(emptyBatch(4 + i, { streams: [stream(`s${i}`, 'down')], workspaceHealth: 'down' }))
    expect(decide).toHaveBeenCalledTimes(10)
    await vi.advanceTimersByTimeAsync(1000)
    expect(views).toEqual(['healthy:1', 'down:11'])
    presence.stop()
    expect(tray.destroy).toHaveBeenCalled()
  })

  it('tray and notification actions become app events', async () => {
    const { api } = fakeApi({})
    const signals = createAppSignals()
    const seen: string[] = []
    signals.on('open-stream', (id) => seen.push(`open:${id}`))
    signals.on('show-window', () => seen.push('show'))
    signals.on('quit', () => seen.push('quit'))
    const presence = await startPresence({
      api,
      tray: { show: vi.fn(), destroy: vi.fn() },
      desktopNotifications: { show: vi.fn(), closeAll: vi.fn() },
      signals,
      log: silentLog,
      buildTrayView: () => ({ icon: '/icon.png', tooltip: 't', items: [] }),
      decideNotifications: () => [],
    })
    presence.act({ kind: 'open-stream', streamId: 's1' })
    presence.act({ kind: 'show-window' })
    presence.act({ kind: 'quit' })
    expect(seen).toEqual(['open:s1', 'show', 'quit'])
  })

  it('follows the core’s pause: a batch with new notification status re-renders the tray', async () => {
    const { api, push } = fakeApi({})
    const shown: (string | number | null)[] = []
    const presence = await startPresence({
      api,
      tray: { show: vi.fn(), destroy: vi.fn() },
      desktopNotifications: { show: vi.fn(), closeAll: vi.fn() },
      signals: createAppSignals(),
      log: silentLog,
      buildTrayView: (p) => {
        shown.push(p.pausedUntil)
        return { icon: 'i', tooltip: 't', items: [] }
      },
      decideNotifications: () => [],
      onNotificationAction: () => true,
    })
    presence.act({ kind: 'pause-notifications', choice: 'indefinitely' })
    push(
      emptyBatch(4, {
        notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: 'indefinitely', mutes: {} },
      }),
    )
    await vi.advanceTimersByTimeAsync(1000)
    expect(shown).toEqual([null, 'indefinitely'])
    presence.stop()
  })
})
