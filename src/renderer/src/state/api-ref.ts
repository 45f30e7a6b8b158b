// The MonitorApi the store actions call (set once by connectStores; tests set a fake).
import type { MonitorApi } from '../../../shared/api.ts'

let current: MonitorApi | null = null

export function setStateApi(api: MonitorApi | null): void {
  current = api
}

export function storeApi(): MonitorApi {
  if (!current) throw new Error('the stores are not connected to a MonitorApi')
  return current
}

export function storeApiOrNull(): MonitorApi | null {
  return current
}
