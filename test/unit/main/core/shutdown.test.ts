// One shutdown sequencer for the desktop app, `serve` and a workspace session: newest
// step first, failures logged without stopping the rest, an optional cap, run once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createShutdown } from '../../../../src/main/core/shutdown.ts'

function logs() {
  const errors: string[] = []
  const warnings: string[] = []
  return {
    errors,
    warnings,
    log: { error: (m: string) => errors.push(m), warn: (m: string) => warnings.push(m) },
  }
}

/** Resolves with `result` after checking it settles at `ms` on the fake clock, not a millisecond before. */
async function settlesAt<T>(result: Promise<T>, ms: number): Promise<T> {
  let settled = false
  void result.then(() => (settled = true))
  await vi.advanceTimersByTimeAsync(ms - 1)
  expect(settled).toBe(false)
  await vi.advanceTimersByTimeAsync(1)
  expect(settled).toBe(true)
  return result
}

describe('shutdown', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs the newest step first, each after the one before has settled', async () => {
    const order: string[] = []
    const shutdown = createShutdown(logs())
    shutdown.add('store', () => void order.push('store'))
    shutdown.add('listener', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      order.push('listener')
    })
    shutdown.add('dashboard', () => void order.push('dashboard'))
    const done = shutdown.run()
    await vi.advanceTimersByTimeAsync(10)
    await expect(done).resolves.toBe('done')
    expect(order).toEqual(['dashboard', 'listener', 'store'])
  })

  it('logs a failed step and still runs the rest', async () => {
    const { errors, log } = logs()
    const stopped: string[] = []
    const shutdown = createShutdown({ log })
    shutdown.add('a', () => void stopped.push('a'))
    shutdown.add('b', async () => {
      throw new Error('boom')
    })
    shutdown.add('c', () => {
      throw new Error('bang')
    })
    await expect(shutdown.run()).resolves.toBe('done')
    expect(stopped).toEqual(['a'])
    expect(errors).toEqual(['stopping c failed: bang', 'stopping b failed: boom'])
  })

  it('a second run returns the same promise and runs nothing again', async () => {
    let runs = 0
    const shutdown = createShutdown(logs())
    shutdown.add('once', () => void runs++)
    expect(shutdown.running()).toBe(false)
    const first = shutdown.run()
    expect(shutdown.running()).toBe(true)
    expect(shutdown.run()).toBe(first)
    await first
    expect(shutdown.run()).toBe(first)
    expect(runs).toBe(1)
  })

  it('with a cap, a hung step is left behind at the cap and the host says what it does', async () => {
    const { warnings, log } = logs()
    const shutdown = createShutdown({ log, capMs: 5000, pastCap: 'exiting anyway' })
    shutdown.add('hung', () => new Promise<void>(() => {}))
    await expect(settlesAt(shutdown.run(), 5000)).resolves.toBe('timeout')
    expect(warnings).toEqual(['shutdown took longer than 5000 ms; exiting anyway'])
  })

  it('without a cap, it waits for a slow step', async () => {
    const shutdown = createShutdown(logs())
    shutdown.add('slow', () => new Promise<void>((resolve) => setTimeout(resolve, 60_000)))
    await expect(settlesAt(shutdown.run(), 60_000)).resolves.toBe('done')
  })

  it('a step added while it runs is run at once (a start that finished late)', async () => {
    const { errors, log } = logs()
    const order: string[] = []
    const shutdown = createShutdown({ log })
    shutdown.add('first', () => {
      order.push('first')
      shutdown.add('late', () => {
        order.push('late')
        throw new Error('already gone')
      })
    })
    await shutdown.run()
    expect(order).toEqual(['first', 'late'])
    expect(errors).toEqual(['stopping late failed: already gone'])
  })
})
