// The tunnel state machine with a fake connector and fake timers: connecting, online,
// lost, failures and retries, and a connect that never settles.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTunnel } from '../../../../../src/main/core/tunnel/tunnel.ts'
import { TunnelError } from '../../../../../src/main/core/tunnel/types.ts'
import { flush, OFFLINE, PORT, setup } from './fake-connector.ts'

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('connecting and staying online', () => {
  it('is off until started', () => {
    const { tunnel, calls } = setup()
    expect(tunnel.status()).toEqual({
      state: 'off',
      url: null,
      error: null,
      since: 1_000_000,
      attempt: 0,
      nextRetryAt: null,
    })
    expect(calls).toHaveLength(0)
  })

  it('connecting → online → (lost) → connecting → online, closing the lost connection', async () => {
    const { tunnel, calls, last, states } = setup({ domain: ' https://Mine.ngrok-free.app/ ' })
    tunnel.start()
    expect(tunnel.status()).toMatchObject({ state: 'connecting', attempt: 1, url: null })
    expect(last().request).toMatchObject({
      upstream: { host: '127.0.0.1', port: PORT },
      authtoken: 'tok',
      domain: 'mine.ngrok-free.app',
    })
    const first = last().resolve('https://mine.ngrok-free.app')
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'online', url: 'https://mine.ngrok-free.app', attempt: 0 })

    vi.setSystemTime(1_005_000)
    calls[0]!.request.onLost('session closed')
    expect(first.close).toHaveBeenCalledOnce()
    expect(tunnel.status()).toMatchObject({ state: 'connecting', url: null, attempt: 1, since: 1_005_000 })
    expect(calls).toHaveLength(2)
    last().resolve('https://mine.ngrok-free.app')
    await flush()
    expect(tunnel.status().state).toBe('online')
    expect(states()).toEqual(['connecting', 'online', 'connecting', 'online'])
  })

  it('a second loss report for the same connection is ignored', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    last().resolve()
    await flush()
    calls[0]!.request.onLost('gone')
    calls[0]!.request.onLost('gone again')
    expect(calls).toHaveLength(2)
  })

  it('a loss reported while still connecting fails that attempt and closes what it returns', async () => {
    const { tunnel, last } = setup()
    tunnel.start()
    last().request.onLost('dropped during listen')
    const connection = last().resolve()
    await flush()
    expect(connection.close).toHaveBeenCalledOnce()
    expect(tunnel.status()).toMatchObject({
      state: 'offline',
      error: 'the connection to ngrok dropped while connecting',
    })
  })
})

describe('failures and retries', () => {
  it('unreachable → offline with nextRetryAt, then retries by itself', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    last().reject(OFFLINE)
    await flush()
    expect(tunnel.status()).toEqual({
      state: 'offline',
      url: null,
      error: 'could not reach ngrok (no internet?)',
      since: 1_000_000,
      attempt: 1,
      nextRetryAt: 1_001_000,
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    expect(tunnel.status()).toMatchObject({ state: 'connecting', attempt: 2 })
  })

  it('backoff doubles from 1 s and stops growing at 60 s', async () => {
    const { tunnel, last } = setup()
    tunnel.start()
    const delays: number[] = []
    for (let i = 0; i < 9; i++) {
      last().reject(OFFLINE)
      await flush()
      const status = tunnel.status()
      delays.push(status.nextRetryAt! - Date.now())
      await vi.advanceTimersByTimeAsync(status.nextRetryAt! - Date.now())
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000])
    last().resolve()
    await flush()
    last().request.onLost('x')
    last().reject(OFFLINE)
    await flush()
    expect(tunnel.status().nextRetryAt! - Date.now()).toBe(1_000)
  })

  it('jitter keeps the first delay within ±20 %', async () => {
    for (const [random, expected] of [
      [0, 800],
      [0.999_999, 1_200],
      [0.25, 900],
    ] as const) {
      const { tunnel, last } = setup({ random: () => random })
      tunnel.start()
      last().reject(OFFLINE)
      await flush()
      expect(tunnel.status().nextRetryAt! - Date.now()).toBe(expected)
      await tunnel.stop()
    }
  })

  it('an authtoken rejection is an error that is not retried until reconnectNow', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    last().reject(new TunnelError('config', 'ngrok rejected the authtoken (ERR_NGROK_105)'))
    await flush()
    expect(tunnel.status()).toMatchObject({
      state: 'error',
      error: 'ngrok rejected the authtoken (ERR_NGROK_105)',
      nextRetryAt: null,
    })
    await vi.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(calls).toHaveLength(1)
    tunnel.reconnectNow()
    expect(calls).toHaveLength(2)
    expect(tunnel.status()).toMatchObject({ state: 'connecting', attempt: 2 })
  })

  it('a refusal that may clear by itself is an error retried after refusedRetryMs', async () => {
    const { tunnel, calls, last } = setup({ refusedRetryMs: 300_000 })
    tunnel.start()
    last().reject(new TunnelError('refused', 'another ngrok agent is already online for this account'))
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'error', nextRetryAt: 1_300_000 })
    await vi.advanceTimersByTimeAsync(300_000)
    expect(calls).toHaveLength(2)
  })

  it('an error that is not a TunnelError counts as unreachable', async () => {
    const { tunnel, last } = setup()
    tunnel.start()
    last().reject(new Error('boom'))
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'offline', error: 'could not connect to ngrok: boom' })
  })

  it('a connector that throws synchronously is a failed attempt', async () => {
    const tunnel = createTunnel({
      connector: {
        connect() {
          throw new Error('sync')
        },
      },
      upstreamPort: PORT,
      authtoken: 'tok',
    })
    tunnel.start()
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'offline', error: 'could not connect to ngrok: sync' })
    await tunnel.stop()
  })

  it('no authtoken is an error without asking the connector', () => {
    const { tunnel, calls } = setup({ authtoken: '  ' })
    tunnel.start()
    expect(tunnel.status()).toMatchObject({
      state: 'error',
      error: 'no ngrok authtoken is set',
      nextRetryAt: null,
    })
    expect(calls).toHaveLength(0)
  })
})

describe('a connect that never settles (T7)', () => {
  it('ends at connectTimeoutMs as offline, and its late result is closed', async () => {
    const { tunnel, calls, last } = setup()
    tunnel.start()
    await vi.advanceTimersByTimeAsync(14_999)
    expect(tunnel.status().state).toBe('connecting')
    await vi.advanceTimersByTimeAsync(1)
    expect(tunnel.status()).toMatchObject({
      state: 'offline',
      error: 'ngrok did not answer within 15 s',
      since: 1_015_000,
      nextRetryAt: 1_016_000,
    })
    const late = calls[0]!.resolve()
    await flush()
    expect(late.close).toHaveBeenCalledOnce()
    expect(tunnel.status().state).toBe('offline')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toHaveLength(2)
    last().reject(OFFLINE)
    calls[0]!.request.onLost('late loss')
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'offline', attempt: 2 })
  })

  it('a custom timeout shows in the message; a late failure is ignored', async () => {
    const { tunnel, calls } = setup({ connectTimeoutMs: 1_500 })
    tunnel.start()
    await vi.advanceTimersByTimeAsync(1_500)
    expect(tunnel.status().error).toBe('ngrok did not answer within 1.5 s')
    calls[0]!.reject(OFFLINE)
    await flush()
    expect(tunnel.status()).toMatchObject({ state: 'offline', attempt: 1 })
  })
})
