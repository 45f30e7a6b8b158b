// T1/T2 against the real listener: one route, everything else 404; loopback only.
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sign } from '../../src/main/core/receiver/signature.ts'
import { WEBHOOK_PATH } from '../../src/main/core/receiver/webhook-app.ts'
import { eventBody, KEY, type Receiver, rawRequest, startReceiver } from './receiver-support.ts'

const METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'POST'] as const
const PATHS = [
  '/',
  '/api/streams',
  '/api/x',
  '//webhooks/fastpix',
  '/webhooks/fastpix/',
  '/Webhooks/FastPix',
  '/WEBHOOKS/FASTPIX',
  '/webhooks/%2e%2e/fastpix',
  '/webhooks/./fastpix',
  '/webhooks/../webhooks/fastpix',
  '/webhooks/fastpix%00',
  '/webhooks/fastpix%2F',
  '/webhooks/fast%70ix',
  '/webhooks/fastpix%3Fx=1',
  '/webhooks/fastpix;x=1',
  '/webhooks/fastpix/..',
  '/webhooks',
  '/webhooks/fastpix#x',
  '/webhooks/fastpix?x=1',
  '/webhooks/fastpix?',
  WEBHOOK_PATH,
] as const
// Decision: a query string is ignored, so FastPix may be configured with one.
const REACHES_HANDLER = new Set([`POST ${WEBHOOK_PATH}`, `POST ${WEBHOOK_PATH}?x=1`, `POST ${WEBHOOK_PATH}?`])

function connectError(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      resolve('timeout')
    }, 1_000)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(null)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve(err.code ?? 'error')
    })
  })
}

describe('webhook listener exposure', () => {
  let r: Receiver
  beforeAll(async () => {
    r = await startReceiver()
  })
  afterAll(async () => {
    await r.close()
  })

  it('T1: the running listener has exactly the allowed route and is bound to 127.0.0.1 only', async () => {
    expect(r.app.printRoutes({ commonPrefix: false })).toBe('└── /webhooks/fastpix (POST)\n')
    const address = r.app.server.address()
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    expect(r.listener.url).toBe(`http://127.0.0.1:${r.port}`)
    expect(await connectError('::1', r.port)).not.toBeNull()
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')
    if (external) expect(await connectError(external.address, r.port)).not.toBeNull()
  })

  it('T2: method × path sweep — only the exact POST reaches the handler, all else 404', async () => {
    let n = 0
    const results: string[] = []
    for (const method of METHODS) {
      for (const path of PATHS) {
        const body = eventBody(`t2-${n++}`)
        const head = [
          `${method} ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${r.port}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          `FastPix-Signature: ${sign(body, KEY)}`,
        ].join('\r\n')
        const res = await rawRequest(r.port, head, body, { headRequest: method === 'HEAD', closeWaitMs: 0 })
        const key = `${method} ${path}`
        const expected = REACHES_HANDLER.has(key) ? 202 : 404
        results.push(`${key} → ${res.status}${res.status === expected ? '' : ` (expected ${expected})`}`)
        if (expected === 404 && method !== 'HEAD')
          expect(JSON.parse(res.body)).toEqual({ ok: false, error: 'not found' })
      }
    }
    expect(results.filter((line) => line.includes('expected'))).toEqual([])
    // The handler ran exactly twice: one signing-key lookup and one commit per reach.
    expect(r.intake.counters.signingKeyCalls).toBe(REACHES_HANDLER.size)
    expect(r.intake.counters.commits).toBe(REACHES_HANDLER.size)
    expect(r.intake.rejected).toHaveLength(0)
  })
})
