// The one module-level subscription: loads the snapshot once, then applies each update
// batch to the store with a single setState. Batches that arrive before the snapshot are
// held and only those newer than it are applied.
import type { MonitorApi, UpdateBatch } from '../../../shared/api.ts'
import { hasConnection } from '../api/link.ts'
import { setStateApi, storeApiOrNull } from './api-ref.ts'
import { useMonitor } from './monitor.ts'

export function connectState(api: MonitorApi, store = useMonitor): () => void {
  setStateApi(api)
  let ready = false
  let held: UpdateBatch[] = []
  let stopped = false

  const unsubscribe = api.onUpdate((batch) => {
    if (stopped) return
    if (ready) store.getState().applyBatch(batch)
    else held.push(batch)
  })

  let unsubscribeStatus = (): void => {}
  if (hasConnection(api)) {
    store.getState().setLink(api.info())
    unsubscribeStatus = api.onStatus((info) => store.getState().setLink(info))
  } else {
    // The desktop preload has no connection to lose.
    store.getState().setLink({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
  }

  const release = (afterSeq: number): void => {
    const pending = held
    held = []
    ready = true
    for (const batch of pending) if (batch.seq > afterSeq) store.getState().applyBatch(batch)
  }

  api.getSnapshot().then(
    (snapshot) => {
      if (stopped) return
      store.getState().applySnapshot(snapshot)
      release(snapshot.seq)
    },
    (error: unknown) => {
      if (stopped) return
      store.getState().setLoadError((error as Error).message || 'could not load the monitor state')
      // A later resync batch carries the whole picture; let batches through.
      release(Number.NEGATIVE_INFINITY)
    },
  )

  return () => {
    stopped = true
    unsubscribe()
    unsubscribeStatus()
    setStateApi(null)
  }
}

/** "Retry now" of the connection indicator (browser mode only). */
export function retryConnection(): void {
  const api = storeApiOrNull()
  if (api && hasConnection(api)) api.retryNow()
}
