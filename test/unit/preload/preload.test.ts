// The preload exposes exactly MonitorApi (one method per operation), unwraps the
// error envelope into a typed error, and hands pushes to plain callbacks.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createMonitorBridge } from '../../../src/preload/api.ts'
import { createIpcClient, MonitorIpcError } from '../../../src/preload/ipc.ts'
import type { MonitorApi, UpdateBatch } from '../../../src/shared/api.ts'

vi.mock('electron', async () => (await import('../main/app/fakes.ts')).electronModuleMock())

const root = join(import.meta.dirname, '../../..')

/** Every MonitorApi method name, kept in step with the interface by the type below. */
const MONITOR_API_METHODS = [
  'getSnapshot',
  'getStream',
  'listEvents',
  'getEvent',
  'listTransitions',
  'listRejected',
  'getReceiver',
  'updateSettings',
  'listNotifications',
  'updateNotificationSettings',
  'muteStream',
  'pauseNotifications',
  'setSchedule',
  'listSchedules',
  'getWorkspaceStatus',
  'testCredentials',
  'connectWorkspace',
  'setSigningSecret',
  'useDemo',
  'reconcileNow',
  'reconnectTunnel',
  'runStreamAction',
  'listBroadcasts',
  'getBroadcastReport',
  'exportBroadcastReport',
  'getWorkspaceSeries',
  'getStreamSeries',
  'listAudit',
  'onUpdate',
] as const satisfies readonly (keyof MonitorApi)[]
type Missing = Exclude<keyof MonitorApi, (typeof MONITOR_API_METHODS)[number]>
const complete: Missing extends never ? true : false = true

function fakeIpc() {
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>()
  return {
    invoke: vi.fn(
      async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, data: null }),
    ),
    send: vi.fn(),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
    }),
    deliver(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l({ senderId: 0 }, payload)
    },
  }
}

describe('window.monitor', () => {
  it('has exactly the MonitorApi methods, all functions — nothing else', () => {
    expect(complete).toBe(true)
    const { invoke, subscribe } = createIpcClient(fakeIpc())
    const bridge = createMonitorBridge(invoke, subscribe)
    expect(Object.keys(bridge).sort()).toEqual([...MONITOR_API_METHODS].sort())
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
  })

  it('each method invokes its own channel with its arguments', async () => {
    const ipc = fakeIpc()
    const { invoke, subscribe } = createIpcClient(ipc)
    const bridge = createMonitorBridge(invoke, subscribe)
    await bridge.getStream('s1')
    await bridge.listEvents({ limit: 5 })
    await bridge.updateSettings({ retention: { maxAgeDays: 1 } })
    await bridge.getSnapshot()
    expect(ipc.invoke.mock.calls).toEqual([
      ['monitor:getStream', 's1'],
      ['monitor:listEvents', { limit: 5 }],
      ['monitor:updateSettings', { retention: { maxAgeDays: 1 } }],
      ['monitor:getSnapshot'],
    ])
  })

  it('an error envelope becomes a thrown MonitorIpcError with its code', async () => {
    const ipc = fakeIpc()
    ipc.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'bad_request', message: 'limit: too big' } })
    const { invoke } = createIpcClient(ipc)
    const error = await invoke('monitor:listEvents', { limit: 5000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MonitorIpcError)
    expect(error).toMatchObject({ code: 'bad_request', message: 'limit: too big' })
    ipc.invoke.mockResolvedValueOnce('nonsense')
    await expect(invoke('monitor:getSnapshot')).rejects.toMatchObject({ code: 'internal' })
  })

  it('onUpdate: plain callback, ready sent on subscribe, unsubscribe stops delivery', () => {
    const ipc = fakeIpc()
    const { invoke, subscribe } = createIpcClient(ipc)
    const bridge = createMonitorBridge(invoke, subscribe)
    const got: UpdateBatch[] = []
    const unsubscribe = bridge.onUpdate((batch) => got.push(batch))
    expect(ipc.send).toHaveBeenCalledWith('ipc:ready', 'monitor:update')
    const batch = { seq: 1 } as UpdateBatch
    ipc.deliver('ipc:push', [
      { channel: 'monitor:update', payload: batch },
      { channel: 'other', payload: 1 },
    ])
    expect(got).toEqual([batch])
    unsubscribe()
    ipc.deliver('ipc:push', [{ channel: 'monitor:update', payload: { seq: 2 } }])
    expect(got).toEqual([batch])
    // The listener gets the payload only — never the IpcRendererEvent.
    expect(Object.keys(got[0]!)).toEqual(['seq'])
  })

  it('one throwing subscriber does not starve the others', () => {
    const ipc = fakeIpc()
    const { subscribe } = createIpcClient(ipc)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const ok = vi.fn()
    subscribe('monitor:update', () => {
      throw new Error('boom')
    })
    subscribe('monitor:update', ok)
    ipc.deliver('ipc:push', [{ channel: 'monitor:update', payload: { seq: 1 } }])
    expect(ok).toHaveBeenCalledTimes(1)
    expect(error).toHaveBeenCalled()
  })

  it('the preload entry exposes only `monitor`', async () => {
    const electron = await import('electron')
    await import('../../../src/preload/index.ts')
    const expose = vi.mocked(electron.contextBridge.exposeInMainWorld)
    expect(expose).toHaveBeenCalledTimes(1)
    expect(expose.mock.calls[0]![0]).toBe('monitor')
    expect(Object.keys(expose.mock.calls[0]![1] as object).sort()).toEqual([...MONITOR_API_METHODS].sort())
  })
})

describe('raw IPC stays in the two helper modules', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|mjs|js|cjs)$/.test(name) ? [path] : []
    })
  }
  it('no ipcMain / ipcRenderer outside src/main/app/ipc-main.ts and src/preload/ipc.ts', () => {
    const allowed = new Set(['src/main/app/ipc-main.ts', 'src/preload/ipc.ts'])
    const offenders = files(join(root, 'src'))
      .map((file) => relative(root, file).split('\\').join('/'))
      .filter((file) => !allowed.has(file))
      .filter((file) => /\bipc(Main|Renderer)\b/.test(readFileSync(join(root, file), 'utf8')))
    expect(offenders).toEqual([])
  })
})
