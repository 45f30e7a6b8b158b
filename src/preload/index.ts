// The preload: exposes exactly MonitorApi as window.monitor — no raw IPC, no
// generic invoke, no Node. Runs sandboxed (bundled to CommonJS by electron-vite).
import { contextBridge } from 'electron'
import { createMonitorBridge } from './api.ts'
import { createIpcClient } from './ipc.ts'

const { invoke, subscribe } = createIpcClient()
contextBridge.exposeInMainWorld('monitor', createMonitorBridge(invoke, subscribe))
