// A connector whose connects settle only when the test says so, and a tunnel around it.
import { vi } from 'vitest'
import { createTunnel, type TunnelOptions } from '../../../../../src/main/core/tunnel/tunnel.ts'
import {
  type TunnelConnection,
  type TunnelConnector,
  type TunnelConnectRequest,
  TunnelError,
  type TunnelStatus,
} from '../../../../../src/main/core/tunnel/types.ts'

export const PORT = 48_123
export const OFFLINE = new TunnelError('unreachable', 'could not reach ngrok (no internet?)')

/** Lets settled fake connects reach the tunnel. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

export interface FakeCall {
  request: TunnelConnectRequest
  settled: boolean
  /** Resolves with a connection at `url` and returns it. */
  resolve(url?: string): FakeConnection
  reject(error: unknown): void
}

export interface FakeConnection extends TunnelConnection {
  close: ReturnType<typeof vi.fn<() => Promise<void>>>
}

export function fakeConnection(url: string): FakeConnection {
  return { url, close: vi.fn(async () => {}) }
}

export function fakeConnector() {
  const calls: FakeCall[] = []
  const connector: TunnelConnector = {
    connect(request) {
      return new Promise<TunnelConnection>((resolve, reject) => {
        const call: FakeCall = {
          request,
          settled: false,
          resolve(url = `https://t${calls.indexOf(call) + 1}.ngrok.test`) {
            const connection = fakeConnection(url)
            call.settled = true
            resolve(connection)
            return connection
          },
          reject(error) {
            call.settled = true
            reject(error)
          },
        }
        calls.push(call)
      })
    },
  }
  return { connector, calls, last: (): FakeCall => calls.at(-1)! }
}

/** A tunnel over a fake connector, with random fixed at 0.5 (no jitter) and every status kept. */
export function setup(extra: Partial<TunnelOptions> = {}) {
  const fake = fakeConnector()
  const tunnel = createTunnel({
    connector: fake.connector,
    upstreamPort: PORT,
    authtoken: 'tok',
    random: () => 0.5,
    ...extra,
  })
  const seen: TunnelStatus[] = []
  tunnel.onStatus((status) => seen.push(status))
  return { ...fake, tunnel, seen, states: () => seen.map((s) => s.state) }
}
