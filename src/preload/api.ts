// window.monitor: one method per MonitorApi operation, each a typed invoke; the
// update subscription takes a plain callback and returns its unsubscribe.
import type { MonitorBridge } from '../shared/ipc.ts'
import type { Invoke, Subscribe } from './ipc.ts'

export function createMonitorBridge(invoke: Invoke, subscribe: Subscribe): MonitorBridge {
  return {
    getSnapshot: () => invoke('monitor:getSnapshot'),
    getStream: (id) => invoke('monitor:getStream', id),
    listEvents: (query) => invoke('monitor:listEvents', query),
    getEvent: (id) => invoke('monitor:getEvent', id),
    listTransitions: (query) => invoke('monitor:listTransitions', query),
    listRejected: (query) => invoke('monitor:listRejected', query),
    getReceiver: () => invoke('monitor:getReceiver'),
    updateSettings: (patch) => invoke('monitor:updateSettings', patch),
    listNotifications: (query) => invoke('monitor:listNotifications', query),
    updateNotificationSettings: (patch) => invoke('monitor:updateNotificationSettings', patch),
    muteStream: (streamId, choice) => invoke('monitor:muteStream', streamId, choice),
    pauseNotifications: (choice) => invoke('monitor:pauseNotifications', choice),
    getConnection: () => invoke('monitor:getConnection'),
    testCredentials: (input) => invoke('monitor:testCredentials', input),
    connectWorkspace: (input) => invoke('monitor:connectWorkspace', input),
    setSigningSecret: (secret) => invoke('monitor:setSigningSecret', secret),
    useDemo: () => invoke('monitor:useDemo'),
    reconcileNow: () => invoke('monitor:reconcileNow'),
    reconnectTunnel: () => invoke('monitor:reconnectTunnel'),
    runStreamAction: (action) => invoke('monitor:runStreamAction', action),
    onUpdate: (listener) => subscribe('monitor:update', listener),
  }
}
