// MonitorApi over IPC: one handler per operation of the table, update batches as pushes.
import type { MonitorApi, Unsubscribe } from '../../shared/api.ts'
import { channelOf } from '../../shared/ipc.ts'
import { OPERATION_NAMES, type OperationName } from '../../shared/operations.ts'
import type { IpcHost } from './ipc-main.ts'
import { INVOKE_SCHEMAS } from './ipc-schemas.ts'

function register<N extends OperationName>(host: IpcHost, api: MonitorApi, name: N): void {
  const channel = channelOf(name)
  const method = api[name] as (...args: unknown[]) => ReturnType<MonitorApi[N]>
  host.handle(channel, INVOKE_SCHEMAS[channel], (...args) => method.apply(api, args))
}

export function registerMonitorIpc(host: IpcHost, api: MonitorApi): Unsubscribe {
  for (const name of OPERATION_NAMES) register(host, api, name)
  return api.onUpdate((batch) => host.push('monitor:update', batch))
}
