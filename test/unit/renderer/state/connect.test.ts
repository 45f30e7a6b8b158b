import { beforeEach, describe, expect, it } from 'vitest'
import { connectState } from '../../../../src/renderer/src/state/connect.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import type { MonitorApi, MonitorSnapshot, UpdateBatch } from '../../../../src/shared/api.ts'
import { makeBatch, makeSnapshot, makeStream } from '../fixtures.ts'

/** A MonitorApi like the desktop preload's: no connection status of its own. */
function preloadLike() {
  let push: (batch: UpdateBatch) => void = () => {}
  let resolveSnapshot: (s: MonitorSnapshot) => void = () => {}
  let rejectSnapshot: (e: Error) => void = () => {}
  let subscriptions = 0
  const api = {
    getSnapshot: () =>
      new Promise<MonitorSnapshot>((resolve, reject) => {
        resolveSnapshot = resolve
        rejectSnapshot = reject
      }),
    onUpdate(listener: (batch: UpdateBatch) => void) {
      subscriptions++
      push = listener
      return () => {
        push = () => {}
      }
    },
  } as Partial<MonitorApi> as MonitorApi
  return {
    api,
    push: (b: UpdateBatch) => push(b),
    resolve: (s: MonitorSnapshot) => resolveSnapshot(s),
    reject: (e: Error) => rejectSnapshot(e),
    subscriptions: () => subscriptions,
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('connectStores', () => {
  beforeEach(() => resetMonitorState())

  it('subscribes once, holds early batches and applies only those newer than the snapshot', async () => {
    const fake = preloadLike()
    const stop = connectState(fake.api)
    expect(fake.subscriptions()).toBe(1)
    expect(useMonitor.getState().link.status).toBe('live')
    fake.push(makeBatch(3, { streams: [makeStream('old', { health: 'down' })] }))
    fake.push(makeBatch(4, { streams: [makeStream('new')] }))
    expect(useMonitor.getState().streams).toEqual({})
    fake.resolve(makeSnapshot([makeStream('old')], { seq: 3 }))
    await flush()
    const s = useMonitor.getState()
    expect(s.load).toBe('ready')
    expect(s.streams.old?.health).toBe('healthy')
    expect(Object.keys(s.streams).sort()).toEqual(['new', 'old'])
    fake.push(makeBatch(5, { removedStreamIds: ['new'] }))
    expect(Object.keys(useMonitor.getState().streams)).toEqual(['old'])
    stop()
    fake.push(makeBatch(6, { streams: [makeStream('after-stop')] }))
    expect(useMonitor.getState().streams['after-stop']).toBeUndefined()
  })

  it('shows a load error and still lets later batches through', async () => {
    const fake = preloadLike()
    connectState(fake.api)
    fake.reject(new Error('HTTP 500'))
    await flush()
    expect(useMonitor.getState()).toMatchObject({ load: 'error', loadError: 'HTTP 500' })
    fake.push(makeBatch(1, { streams: [makeStream('a')] }))
    expect(useMonitor.getState()).toMatchObject({ load: 'ready', loadError: null })
  })
})
