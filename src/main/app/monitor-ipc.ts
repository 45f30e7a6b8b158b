// MonitorApi over IPC: one handler per invoke channel, update batches as pushes.
// Registered explicitly here (no side-effect imports), each with its schema.
import type { MonitorApi, Unsubscribe } from '../../shared/api.ts'
import type { IpcHost } from './ipc-main.ts'
import { INVOKE_SCHEMAS } from './ipc-schemas.ts'

export function registerMonitorIpc(host: IpcHost, api: MonitorApi): Unsubscribe {
  const s = INVOKE_SCHEMAS
  host.handle('monitor:getSnapshot', s['monitor:getSnapshot'], () => api.getSnapshot())
  host.handle('monitor:getStream', s['monitor:getStream'], (id) => api.getStream(id))
  host.handle('monitor:listEvents', s['monitor:listEvents'], (query) => api.listEvents(query))
  host.handle('monitor:getEvent', s['monitor:getEvent'], (id) => api.getEvent(id))
  host.handle('monitor:listTransitions', s['monitor:listTransitions'], (query) => api.listTransitions(query))
  host.handle('monitor:listRejected', s['monitor:listRejected'], (query) => api.listRejected(query))
  host.handle('monitor:getReceiver', s['monitor:getReceiver'], () => api.getReceiver())
  host.handle('monitor:updateSettings', s['monitor:updateSettings'], (patch) => api.updateSettings(patch))
  host.handle('monitor:listNotifications', s['monitor:listNotifications'], (query) =>
    api.listNotifications(query),
  )
  host.handle('monitor:updateNotificationSettings', s['monitor:updateNotificationSettings'], (patch) =>
    api.updateNotificationSettings(patch),
  )
  host.handle('monitor:muteStream', s['monitor:muteStream'], (streamId, choice) =>
    api.muteStream(streamId, choice),
  )
  host.handle('monitor:pauseNotifications', s['monitor:pauseNotifications'], (choice) =>
    api.pauseNotifications(choice),
  )
  host.handle('monitor:getConnection', s['monitor:getConnection'], () => api.getConnection())
  host.handle('monitor:testCredentials', s['monitor:testCredentials'], (input) => api.testCredentials(input))
  host.handle('monitor:connectWorkspace', s['monitor:connectWorkspace'], (input) =>
    api.connectWorkspace(input),
  )
  host.handle('monitor:setSigningSecret', s['monitor:setSigningSecret'], (secret) =>
    api.setSigningSecret(secret),
  )
  host.handle('monitor:useDemo', s['monitor:useDemo'], () => api.useDemo())
  host.handle('monitor:reconcileNow', s['monitor:reconcileNow'], () => api.reconcileNow())
  host.handle('monitor:reconnectTunnel', s['monitor:reconnectTunnel'], () => api.reconnectTunnel())
  host.handle('monitor:runStreamAction', s['monitor:runStreamAction'], (action) =>
    api.runStreamAction(action),
  )
  return api.onUpdate((batch) => host.push('monitor:update', batch))
}
