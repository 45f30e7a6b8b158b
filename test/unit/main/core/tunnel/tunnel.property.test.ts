// The tunnel's invariants over random sequences of starts, stops, settles, losses and time.
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTunnel } from '../../../../../src/main/core/tunnel/tunnel.ts'
import {
  TunnelError,
  type TunnelErrorKind,
  type TunnelStatus,
} from '../../../../../src/main/core/tunnel/types.ts'
import { type FakeCall, type FakeConnection, fakeConnector } from './fake-connector.ts'

const SEED = 20_260_601

type Op =
  | { op: 'start' | 'stop' | 'reconnectNow' | 'resolve' }
  | { op: 'reject'; kind: TunnelErrorKind }
  | { op: 'lose' | 'settleOld'; pick: number }
  | { op: 'advance'; ms: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom<Op>({ op: 'start' }, { op: 'stop' }, { op: 'reconnectNow' }, { op: 'resolve' }),
  fc
    .constantFrom<TunnelErrorKind>('unreachable', 'refused', 'config')
    .map((kind): Op => ({ op: 'reject', kind })),
  fc.record({ op: fc.constantFrom('lose' as const, 'settleOld' as const), pick: fc.nat(20) }),
  fc.constantFrom(1, 500, 1_000, 5_000, 15_000, 60_000, 300_000).map((ms): Op => ({ op: 'advance', ms })),
)

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

function checkStatus(s: TunnelStatus): void {
  expect(s.url !== null).toBe(s.state === 'online')
  expect(s.error !== null).toBe(s.state === 'error' || s.state === 'offline')
  if (s.state === 'online' || s.state === 'off') expect(s.attempt).toBe(0)
  else expect(s.attempt).toBeGreaterThanOrEqual(1)
  if (s.state === 'offline') {
    expect(s.nextRetryAt! - s.since).toBeGreaterThanOrEqual(0)
    expect(s.nextRetryAt! - s.since).toBeLessThanOrEqual(60_000)
  } else if (s.state !== 'error') {
    expect(s.nextRetryAt).toBeNull()
  }
}

describe('tunnel properties', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }))
  afterEach(() => vi.useRealTimers())

  it('one connect at a time, always to 127.0.0.1, every connection closed (seed, 300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 65_535 }),
        fc.array(opArb, { maxLength: 40 }),
        async (port, ops) => {
          vi.setSystemTime(0)
          const { connector, calls } = fakeConnector()
          const connections: FakeConnection[] = []
          let current = null as FakeCall | null
          const watched = {
            connect: (request: Parameters<typeof connector.connect>[0]) => {
              expect(current).toBeNull()
              expect(request.upstream).toEqual({ host: '127.0.0.1', port })
              const pending = connector.connect(request)
              current = calls.at(-1)!
              return pending
            },
          }
          const tunnel = createTunnel({
            connector: watched,
            upstreamPort: port,
            authtoken: 'tok',
            random: Math.random,
          })
          tunnel.onStatus((status) => {
            checkStatus(status)
            if (status.state !== 'connecting') current = null
          })
          for (const step of ops) {
            switch (step.op) {
              case 'start':
              case 'stop':
              case 'reconnectNow':
                await tunnel[step.op]()
                break
              case 'resolve':
                if (current !== null && !current.settled) connections.push(current.resolve())
                break
              case 'reject':
                if (current !== null && !current.settled)
                  current.reject(new TunnelError(step.kind, step.kind))
                break
              case 'lose':
                calls[step.pick % Math.max(1, calls.length)]?.request.onLost('lost')
                break
              case 'settleOld': {
                const old = calls.filter((c) => !c.settled && c !== current)[step.pick % 3]
                if (old !== undefined) connections.push(old.resolve())
                break
              }
              case 'advance':
                await vi.advanceTimersByTimeAsync(step.ms)
                break
            }
            await flush()
            checkStatus(tunnel.status())
          }
          await tunnel.stop()
          await flush()
          for (const connection of connections) expect(connection.close).toHaveBeenCalledOnce()
          expect(vi.getTimerCount()).toBe(0)
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})
