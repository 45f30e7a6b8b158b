// The tunnel's controls with a fake connector and fake timers: stop, one connect at a
// time, reconnectNow, status listeners, unref'd timers, and the loopback upstream (T3).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTunnel, type TunnelOptions } from '../../../../../src/main/core/tunnel/tunnel.ts'
import { flush, OFFLINE, PORT, setup } from './fake-connector.ts'

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('stop', () => {
  it('while connecting: off at once, the late result is closed, nothing retries', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    await tunnel.stop()
    expect(tunnel.status()).toMatchObject({ state: 'off', nextRetryAt: null })
    const late = last().resolve()
    await flush()
    expect(late.close).toHaveBeenCalledOnce()
    expect(tunnel.status().state).toBe('off')
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(calls).toHaveLength(1)
  })

  it('while waiting to retry: the timer is cancelled', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    last().reject(OFFLINE)
    await flush()
    await tunnel.stop()
    expect(tunnel.status()).toMatchObject({ state: 'off', error: null, nextRetryAt: null })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(calls).toHaveLength(1)
  })

  it('while online: closes the connection; start() again connects afresh', async () => {
    const { tunnel, calls, last, states } = setup()
    tunnel.start()
    const connection = last().resolve()
    await flush()
    await tunnel.stop()
    expect(connection.close).toHaveBeenCalledOnce()
    await tunnel.stop()
    expect(connection.close).toHaveBeenCalledOnce()
    calls[0]!.request.onLost('after stop')
    expect(calls).toHaveLength(1)
    tunnel.start()
    expect(calls).toHaveLength(2)
    expect(states()).toEqual(['connecting', 'online', 'off', 'connecting'])
  })

  it('a close that hangs does not hold stop() past 5 s', async () => {
    const { tunnel, last } = setup()
    tunnel.start()
    const connection = last().resolve()
    connection.close.mockImplementation(() => new Promise(() => {}))
    await flush()
    let done = false
    void tunnel.stop().then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(done).toBe(true)
  })
})

describe('one connect at a time, reconnectNow, listeners', () => {
  it('start, reconnectNow and start again while connecting do not start a second connect', () => {
    const { tunnel, calls } = setup()
    tunnel.start()
    tunnel.reconnectNow()
    tunnel.start()
    tunnel.reconnectNow()
    expect(calls).toHaveLength(1)
  })

  it('reconnectNow while offline connects at once and drops the planned retry', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    last().reject(OFFLINE)
    await flush()
    tunnel.reconnectNow()
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toHaveLength(2)
  })

  it('reconnectNow does nothing while online or off', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.reconnectNow()
    expect(calls).toHaveLength(0)
    tunnel.start()
    last().resolve()
    await flush()
    tunnel.reconnectNow()
    expect(calls).toHaveLength(1)
  })

  it('listeners get every change until they unsubscribe; a throwing one does not stop the others', async () => {
    const { tunnel, last } = setup()
    const warn = vi.fn()
    const quiet = createTunnel({
      connector: { connect: () => new Promise(() => {}) },
      upstreamPort: PORT,
      authtoken: 'tok',
      logger: { debug() {}, info() {}, warn, error() {} },
    })
    quiet.onStatus(() => {
      throw new Error('listener broke')
    })
    const after = vi.fn()
    quiet.onStatus(after)
    quiet.start()
    expect(after).toHaveBeenCalledOnce()
    expect(warn).toHaveBeenCalledWith('tunnel status listener failed: listener broke')
    await quiet.stop()

    const got: string[] = []
    const off = tunnel.onStatus((s) => got.push(s.state))
    tunnel.start()
    off()
    last().resolve()
    await flush()
    expect(got).toEqual(['connecting'])
    expect(Object.isFrozen(tunnel.status())).toBe(true)
  })

  it('timers do not keep the process alive', async () => {
    const created: ReturnType<typeof setTimeout>[] = []
    const real = globalThis.setTimeout
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
      const timer = real(...args)
      created.push(timer)
      return timer
    }) as typeof setTimeout)
    const { tunnel, last } = setup()
    tunnel.start()
    last().reject(OFFLINE)
    await flush()
    expect(created.length).toBeGreaterThanOrEqual(2)
    expect(created.every((timer) => !timer.hasRef())).toBe(true)
    await tunnel.stop()
  })
})

describe('the upstream is the webhook listener on loopback (T3)', () => {
  it.each([0, -1, 1.5, 65_536, Number.NaN])('refuses port %s', (port) => {
    expect(() => setup({ upstreamPort: port })).toThrow(RangeError)
  })

  it('always asks for 127.0.0.1:<upstreamPort>, whatever else is passed', () => {
    for (const port of [1, 80, 3_000, 8_787, 49_152, 65_535]) {
      const { tunnel, last } = setup({ upstreamPort: port, host: '0.0.0.0' } as Partial<TunnelOptions>)
      tunnel.start()
      expect(last().request.upstream).toEqual({ host: '127.0.0.1', port })
    }
  })
})
