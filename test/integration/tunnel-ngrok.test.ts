// T7 with the real @ngrok/ngrok: a failing connect and a hung one (a black-holed server)
// both end within our own timeout with a clear status, and the receiver keeps answering.
// Written for a machine without internet; ngrok itself is never reached.
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createNgrokConnector } from '../../src/main/core/tunnel/ngrok-connector.ts'
import { UNREACHABLE_MESSAGE } from '../../src/main/core/tunnel/ngrok-errors.ts'
import { createTunnel, type Tunnel } from '../../src/main/core/tunnel/tunnel.ts'
import type { TunnelStatus } from '../../src/main/core/tunnel/types.ts'
import { eventBody, post, type Receiver, signedHeaders, startReceiver } from './receiver-support.ts'

const FAKE_AUTHTOKEN = '2fakeAuthtokenForTests_0000000000000000000000'
const NO_RETRY_DURING_TEST = { initialMs: 60_000 }

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function settledStatus(tunnel: Tunnel, withinMs: number): Promise<TunnelStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still ${tunnel.status().state} after ${withinMs} ms`)),
      withinMs,
    )
    const check = (status: TunnelStatus) => {
      if (status.state === 'connecting') return
      clearTimeout(timer)
      off()
      resolve(status)
    }
    const off = tunnel.onStatus(check)
    check(tunnel.status())
  })
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver()
  cleanups.push(() => r.close())
  return r
}

function tunnelTo(port: number, serverAddr: string | undefined, connectTimeoutMs: number): Tunnel {
  const tunnel = createTunnel({
    connector: createNgrokConnector(serverAddr === undefined ? {} : { serverAddr }),
    upstreamPort: port,
    authtoken: FAKE_AUTHTOKEN,
    connectTimeoutMs,
    backoff: NO_RETRY_DURING_TEST,
  })
  cleanups.push(() => tunnel.stop())
  return tunnel
}

/** Accepts TCP connections and never answers a byte. */
async function blackHole() {
  const sockets = new Set<Socket>()
  const received: Buffer[] = []
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(server)
  cleanups.push(async () => {
    // Dropping the socket is what finally ends ngrok's pending connect.
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { port, sockets, received }
}

describe('ngrok connect failure (T7)', () => {
  it('offline: a fake authtoken against ngrok’s servers ends fast with a clear status', async () => {
    const r = await receiver()
    const tunnel = tunnelTo(r.port, undefined, 15_000)
    const started = performance.now()
    tunnel.start()
    const status = await settledStatus(tunnel, 5_000)
    const elapsed = performance.now() - started
    // No internet here, so ngrok cannot be reached; with internet it would reject the authtoken.
    expect(`${status.state}: ${status.error}`).toMatch(
      /^(offline: could not reach ngrok \(no internet\?\)|error: ngrok rejected the authtoken \(ERR_NGROK_\d+\))$/,
    )
    expect(elapsed).toBeLessThan(3_000)
    expect(status.url).toBeNull()
  }, 10_000)

  it('refused connection: offline at once with the retry planned', async () => {
    const closed = createServer()
    const port = await listen(closed)
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const r = await receiver()
    const tunnel = tunnelTo(r.port, `127.0.0.1:${port}`, 15_000)
    const started = performance.now()
    tunnel.start()
    const status = await settledStatus(tunnel, 5_000)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(status).toMatchObject({ state: 'offline', error: UNREACHABLE_MESSAGE, attempt: 1, url: null })
    expect(status.nextRetryAt! - status.since).toBeGreaterThanOrEqual(48_000)
  }, 10_000)
})

describe('hung connect to a black-holed server (T7)', () => {
  it('ends at our 1.5 s timeout as offline while the receiver keeps answering', async () => {
    const hole = await blackHole()
    const r = await receiver()
    const tunnel = tunnelTo(r.port, `127.0.0.1:${hole.port}`, 1_500)
    const started = performance.now()
    tunnel.start()

    const during = await post(
      r.url,
      eventBody('evt-during-hang'),
      signedHeaders(eventBody('evt-during-hang')),
    )
    expect(during.status).toBe(202)
    expect(tunnel.status().state).toBe('connecting')

    const status = await settledStatus(tunnel, 5_000)
    const elapsed = performance.now() - started
    expect(status).toMatchObject({ state: 'offline', error: 'ngrok did not answer within 1.5 s', url: null })
    expect(elapsed).toBeGreaterThanOrEqual(1_450)
    expect(elapsed).toBeLessThan(2_500)
    // ngrok really dialled the hole: one connection, opened with a TLS handshake record.
    expect(hole.sockets.size).toBe(1)
    expect(hole.received[0]?.[0]).toBe(0x16)

    const after = await post(
      r.url,
      eventBody('evt-after-timeout'),
      signedHeaders(eventBody('evt-after-timeout')),
    )
    expect(after.status).toBe(202)
    expect([...r.intake.events.keys()]).toEqual(['evt-during-hang', 'evt-after-timeout'])

    await tunnel.stop()
    expect(tunnel.status()).toMatchObject({ state: 'off', nextRetryAt: null })
  }, 10_000)
})
