// Services start in order, stop in reverse, and a hung stop cannot hold the quit
// past the cap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLifecycle, quitOnSignals } from '../../../../src/main/app/lifecycle.ts'
import { silentLog } from './fakes.ts'

describe('lifecycle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('stops in reverse start order, once', async () => {
    const order: string[] = []
    const life = createLifecycle(silentLog)
    for (const name of ['security', 'settings', 'core', 'ipc', 'window', 'tray']) {
      await life.start(name, () => ({ stop: () => void order.push(name) }))
    }
    expect(life.names()).toEqual(['security', 'settings', 'core', 'ipc', 'window', 'tray'])
    await expect(life.stop()).resolves.toBe('done')
    await life.stop()
    expect(order).toEqual(['tray', 'window', 'ipc', 'core', 'settings', 'security'])
  })

  it('a failing stop is logged and the others still run', async () => {
    const errors: string[] = []
    const stopped: string[] = []
    const life = createLifecycle({ ...silentLog, error: (m) => errors.push(m) })
    await life.start('a', () => ({ stop: () => void stopped.push('a') }))
    await life.start('b', () => ({
      stop: () => {
        throw new Error('boom')
      },
    }))
    await life.stop()
    expect(stopped).toEqual(['a'])
    expect(errors.join()).toContain('stopping b failed: boom')
  })

  it('a hung stop is abandoned at the cap (5 s)', async () => {
    const life = createLifecycle(silentLog, 5000)
    await life.start('hung', () => ({ stop: () => new Promise<void>(() => {}) }))
    const result = life.stop()
    await vi.advanceTimersByTimeAsync(4999)
    let settled = false
    void result.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(result).resolves.toBe('timeout')
  })

  it('a failing start stops what was started before it and rethrows', async () => {
    const stopped: string[] = []
    const life = createLifecycle(silentLog)
    await life.start('settings', () => ({ stop: () => void stopped.push('settings') }))
    await expect(
      life.start('core', () => {
        throw new Error('port in use')
      }),
    ).rejects.toThrow('port in use')
    expect(stopped).toEqual(['settings'])
    await expect(life.start('late', () => ({ stop() {} }))).rejects.toThrow(/shutting down/)
  })
})

describe('quitOnSignals', () => {
  it('quits gracefully on SIGINT, SIGTERM and SIGHUP (a closed terminal too)', async () => {
    const { EventEmitter } = await import('node:events')
    const target = new EventEmitter()
    let quits = 0
    quitOnSignals(target, () => {
      quits++
    })
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) target.emit(signal)
    expect(quits).toBe(3)
    expect(target.eventNames().sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM'])
  })
})
