// window.monitor: one method per operation of the table, each a typed invoke of its
// own channel; the update subscription takes a plain callback and returns its unsubscribe.
import { channelOf, type InvokeBridge, type MonitorBridge } from '../shared/ipc.ts'
import { OPERATION_NAMES } from '../shared/operations.ts'
import type { Invoke, Subscribe } from './ipc.ts'

export function createMonitorBridge(invoke: Invoke, subscribe: Subscribe): MonitorBridge {
  // The table's argument tuples are checked by the types of `Invoke` and `MonitorBridge`.
  const call = invoke as (channel: string, ...args: unknown[]) => Promise<unknown>
  const calls = Object.fromEntries(
    OPERATION_NAMES.map((name) => [name, (...args: unknown[]) => call(channelOf(name), ...args)]),
  ) as unknown as InvokeBridge
  return { ...calls, onUpdate: (listener) => subscribe('monitor:update', listener) }
}
