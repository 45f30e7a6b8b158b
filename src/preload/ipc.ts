// Renderer side of IPC, the only module that touches ipcRenderer: `invoke` unwraps
// the main process's `{ ok, data | error }` envelope (throwing a typed error),
// `subscribe` delivers pushes to a plain callback and tells main it may send.
import { type IpcRendererEvent, ipcRenderer } from 'electron'
import type {
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcErrorBody,
  IpcResult,
  PushChannel,
  PushEnvelope,
  Pushes,
  PushTransportChannel,
  ReadyTransportChannel,
} from '../shared/ipc.ts'

const PUSH: PushTransportChannel = 'ipc:push'
const READY: ReadyTransportChannel = 'ipc:ready'

/**
 * A failed call, with the code main answered. Past contextBridge the page sees the
 * message only (the bridge copies an Error's message, not its own fields).
 */
export class MonitorIpcError extends Error {
  readonly code: IpcErrorBody['code']
  constructor(error: IpcErrorBody) {
    super(error.message)
    this.name = 'MonitorIpcError'
    this.code = error.code
  }
}

/** What the helpers need of ipcRenderer (tests pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  send(channel: string, ...args: unknown[]): void
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown
}

export type Invoke = <C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>) => Promise<InvokeResult<C>>
export type Subscribe = <C extends PushChannel>(
  channel: C,
  listener: (payload: Pushes[C]) => void,
) => () => void

function isResult(value: unknown): value is IpcResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

export function createIpcClient(ipc: IpcRendererLike = ipcRenderer): {
  invoke: Invoke
  subscribe: Subscribe
} {
  const listeners = new Map<PushChannel, Set<(payload: never) => void>>()
  let listening = false

  const onPush = (_event: IpcRendererEvent, envelopes: unknown): void => {
    if (!Array.isArray(envelopes)) return
    for (const envelope of envelopes as PushEnvelope[]) {
      for (const listener of listeners.get(envelope.channel) ?? []) {
        try {
          ;(listener as (payload: unknown) => void)(envelope.payload)
        } catch (error) {
          // One failing subscriber must not starve the others.
          console.error(error)
        }
      }
    }
  }

  const invoke: Invoke = async (channel, ...args) => {
    const answer = await ipc.invoke(channel, ...args)
    if (!isResult(answer)) throw new MonitorIpcError({ code: 'internal', message: 'malformed answer' })
    if (!answer.ok) throw new MonitorIpcError(answer.error)
    return answer.data as InvokeResult<typeof channel>
  }

  const subscribe: Subscribe = (channel, listener) => {
    if (!listening) {
      ipc.on(PUSH, onPush)
      listening = true
    }
    let set = listeners.get(channel)
    if (!set) {
      set = new Set()
      listeners.set(channel, set)
    }
    // A fresh wrapper per call, so subscribing the same callback twice needs two unsubscribes.
    const entry = (payload: Pushes[typeof channel]): void => listener(payload)
    set.add(entry as (payload: never) => void)
    ipc.send(READY, channel)
    return () => {
      set.delete(entry as (payload: never) => void)
    }
  }

  return { invoke, subscribe }
}
