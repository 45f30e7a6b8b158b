// The FastPix client against the fake FastPix REST API (startDemoRest) on 127.0.0.1:
// auth, permissions, paging, retries, timeouts, connection errors and write actions.
import { createServer } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { createFastPixClient, type FastPixClientOptions } from '../../src/main/core/fastpix/client.ts'
import { FastPixError } from '../../src/main/core/fastpix/errors.ts'
import type { Logger } from '../../src/main/core/logger.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = 'f2b9d1c4-7a1e-4c3b-9d5e-6a7b8c9d0e1f'
const SECRET = 'integration-secret-key-Zq81'
// 50 s in: all 9 streams created, "Main Stage" active with its two simulcast targets.
const OFFSET = 50_000

let server: DemoRestServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function setup(overrides: Partial<FastPixClientOptions> = {}) {
  const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 9 })
  const state = applyPlanUntil(new DemoWorkspace(plan, () => START + OFFSET), plan, OFFSET)
  server = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET })
  const waits: number[] = []
  const lines: string[] = []
  const logger: Logger = {
    debug: (m) => lines.push(m),
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  }
  let requests = 0
  const statuses: number[] = []
  const client = createFastPixClient({
    baseUrl: server.url,
    accessTokenId: TOKEN,
    secretKey: SECRET,
    timeoutMs: 2000,
    fetch: async (input, init) => {
      requests += 1
      const response = await fetch(input, init)
      statuses.push(response.status)
      return response
    },
    sleep: async (ms) => {
      waits.push(ms)
    },
    logger,
    ...overrides,
  })
  const main = plan.streams.find((s) => s.name === 'Main Stage')
  if (!main) throw new Error('plan without Main Stage')
  return { plan, state, server, client, waits, lines, main, statuses, requests: () => requests }
}

async function failure(promise: Promise<unknown>): Promise<FastPixError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FastPixError)
  return error as FastPixError
}

function expectNoSecrets(...texts: string[]): void {
  const basic = Buffer.from(`${TOKEN}:${SECRET}`).toString('base64')
  for (const text of texts) {
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(basic)
  }
}

describe('credentials and permissions', () => {
  it('a wrong secret is unauthorized, in plain words, and not retried', async () => {
    const { server, waits } = await setup()
    const client = createFastPixClient({ baseUrl: server.url, accessTokenId: TOKEN, secretKey: 'wrong' })
    const error = await failure(client.verifyCredentials())
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      attempts: 1,
      apiMessage: 'unauthorized',
    })
    expect(error.message).toBe(
      'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.',
    )
    expect(waits).toEqual([])
    expectNoSecrets(error.message, JSON.stringify(error), String(error.stack))
  })

  it('good credentials verify, with the workspace stream count', async () => {
    const { client, requests } = await setup()
    expect(await client.verifyCredentials()).toEqual({ ok: true, streams: 9 })
    expect(requests()).toBe(1)
  })

  it('a read-only token can read but every write is forbidden', async () => {
    const { client, server, main } = await setup()
    server.setPermission('read')
    const error = await failure(client.disableStream(main.id))
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, attempts: 1, apiMessage: 'forbidden' })
    expect(error.message).toContain('lacks permission')
    const target = main.targets[0]?.id ?? ''
    expect((await failure(client.setSimulcastEnabled(main.id, target, false))).kind).toBe('forbidden')
    expect((await client.getStream(main.id)).status).toBe('active')
  })
})

describe('reading', () => {
  it('walks every page: each stream exactly once, in order', async () => {
    const { client, state, requests } = await setup()
    const expected = state.list().map((s) => s.def.id)
    expect(expected).toHaveLength(9)
    const desc = await client.listAllStreams({ pageSize: 2 })
    expect(desc.map((s) => s.streamId)).toEqual(expected)
    expect(requests()).toBe(5)
    const asc = await client.listAllStreams({ pageSize: 4, orderBy: 'asc' })
    expect(asc.map((s) => s.streamId)).toEqual([...expected].reverse())
    const page = await client.listStreams({ limit: 4, offset: 3 })
    expect(page.pagination).toEqual({ totalRecords: 9, currentOffset: 3, offsetCount: 3 })
    expect(page.streams.map((s) => s.streamId)).toEqual(expected.slice(8))
  })

  it('gets a stream with its simulcast targets, a target, and the viewer count', async () => {
    const { client, main } = await setup()
    const stream = await client.getStream(main.id)
    expect(stream).toMatchObject({ streamId: main.id, status: 'active' })
    expect(stream.simulcastResponses?.map((t) => t.simulcastId)).toEqual(main.targets.map((t) => t.id))
    const target = await client.getSimulcast(main.id, main.targets[0]?.id ?? '')
    expect(target).toMatchObject({ simulcastId: main.targets[0]?.id, isEnabled: true })
    expect(await client.viewerCount(main.id)).toBeGreaterThan(0)
  })

  it('an unknown stream is not-found, not retried', async () => {
    const { client, waits } = await setup()
    const error = await failure(client.getStream('0123456789abcdef0123456789abcdef'))
    expect(error).toMatchObject({
      kind: 'not-found',
      status: 404,
      attempts: 1,
      apiMessage: 'stream not found',
    })
    expect(waits).toEqual([])
  })
})

describe('retries', () => {
  it('429 twice, then 200: succeeds after 2 retries, waiting as Retry-After says', async () => {
    const { client, server, waits, requests, lines } = await setup()
    server.setFaults({ status: 429, times: 2, retryAfterSec: 3 })
    expect((await client.verifyCredentials()).ok).toBe(true)
    expect(requests()).toBe(3)
    expect(waits).toEqual([3000, 3000])
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('rate-limited 429; retry 1/2 in 3000 ms')
    expectNoSecrets(...lines)
  })

  it('503 forever: gives up after `attempts` with kind server', async () => {
    const { client, server, waits, requests } = await setup()
    server.setFaults({ status: 503 })
    const error = await failure(client.listStreams())
    expect(error).toMatchObject({ kind: 'server', status: 503, attempts: 3 })
    expect(error.message).toBe('FastPix had a problem on its side (503). Try again in a minute.')
    expect(requests()).toBe(3)
    expect(waits).toEqual([1000, 2000])
  })

  it('only the faulted path fails', async () => {
    const { client, server, main, waits } = await setup()
    server.setFaults({ status: 500, path: /\/viewer-count$/ })
    expect((await client.getStream(main.id)).streamId).toBe(main.id)
    expect((await failure(client.viewerCount(main.id))).kind).toBe('server')
    expect(waits).toEqual([1000, 2000])
  })

  it('a response slower than timeoutMs is a timeout, and retried', async () => {
    const { client, server, waits, requests } = await setup({ timeoutMs: 100 })
    server.setFaults({ delayMs: 400, times: 1 })
    expect((await client.verifyCredentials()).ok).toBe(true)
    expect(requests()).toBe(2)
    expect(waits).toEqual([1000])

    server.setFaults({ delayMs: 400 })
    const started = Date.now()
    const error = await failure(client.verifyCredentials())
    expect(error).toMatchObject({ kind: 'timeout', status: null, attempts: 3 })
    expect(error.message).toBe(
      'FastPix did not answer within 100 ms. Check the internet connection, or try again later.',
    )
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('connection refused (a closed port) is a network error, retried', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const waits: number[] = []
    const client = createFastPixClient({
      baseUrl: `http://127.0.0.1:${port}/v1/`,
      accessTokenId: TOKEN,
      secretKey: SECRET,
      timeoutMs: 1000,
      retry: { attempts: 2 },
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const error = await failure(client.verifyCredentials())
    expect(error).toMatchObject({ kind: 'network', status: null, attempts: 2 })
    expect(error.message).toBe(
      `Could not reach FastPix at 127.0.0.1:${port} (ECONNREFUSED). Check the internet connection, proxy or firewall.`,
    )
    expect(waits).toEqual([1000])
    expectNoSecrets(error.message)
  })

  it('a caller signal cancels everything, waits included', async () => {
    const { server } = await setup()
    server.setFaults({ status: 503 })
    const client = createFastPixClient({ baseUrl: server.url, accessTokenId: TOKEN, secretKey: SECRET })
    const controller = new AbortController()
    const started = Date.now()
    const call = client.listStreams({ signal: controller.signal })
    setTimeout(() => controller.abort(new Error('user closed the form')), 50)
    await expect(call).rejects.toThrow('user closed the form')
    expect(Date.now() - started).toBeLessThan(900)
  })
})

describe('write actions', () => {
  it('disable, enable and finish change what getStream returns', async () => {
    const { client, main } = await setup()
    await client.finishStream(main.id)
    expect((await client.getStream(main.id)).status).toBe('idle')

    const notActive = await failure(client.finishStream(main.id))
    expect(notActive).toMatchObject({
      kind: 'invalid-request',
      status: 400,
      attempts: 1,
      apiMessage: 'stream cannot be completed',
      apiDescription: 'Only active streams can be marked as completed.',
    })
    expect(notActive.message).toBe(
      'FastPix refused the request (400): Only active streams can be marked as completed.',
    )

    await client.disableStream(main.id)
    expect((await client.getStream(main.id)).status).toBe('disabled')
    expect((await failure(client.disableStream(main.id))).apiMessage).toBe('stream already disabled')
    const target = main.targets[0]?.id ?? ''
    expect((await failure(client.setSimulcastEnabled(main.id, target, false))).kind).toBe('invalid-request')

    await client.enableStream(main.id)
    expect((await client.getStream(main.id)).status).toBe('idle')
    expect((await failure(client.enableStream(main.id))).apiMessage).toBe('stream is already enabled')
  })

  it('setSimulcastEnabled flips isEnabled (PUT) and returns the target', async () => {
    const { client, main } = await setup()
    const [first, second] = main.targets.map((t) => t.id)
    const off = await client.setSimulcastEnabled(main.id, first ?? '', false)
    expect(off).toMatchObject({ simulcastId: first, isEnabled: false })
    const targets = (await client.getStream(main.id)).simulcastResponses ?? []
    expect(targets.map((t) => [t.simulcastId, t.isEnabled])).toEqual([
      [first, false],
      [second, true],
    ])
    expect((await client.setSimulcastEnabled(main.id, first ?? '', true)).isEnabled).toBe(true)
    const missing = await failure(
      client.setSimulcastEnabled(main.id, 'ffffffffffffffffffffffffffffffff', true),
    )
    expect(missing).toMatchObject({ kind: 'not-found', apiMessage: 'stream/simulcast not found' })
  })

  it('a disable whose reply timed out but was applied counts as done on the retry', async () => {
    const { client, server, main, requests, statuses } = await setup({
      timeoutMs: 100,
      sleep: () => delay(500),
    })
    server.setFaults({ delayMs: 250, times: 1, path: /\/live-disable$/ })
    await client.disableStream(main.id)
    // The retry is refused; reading the stream back shows it disabled.
    expect(requests()).toBe(3)
    expect(statuses).toEqual([400, 200])
    expect((await client.getStream(main.id)).status).toBe('disabled')
  })
})
