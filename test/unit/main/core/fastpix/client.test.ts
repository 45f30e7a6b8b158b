import { describe, expect, it } from 'vitest'
import {
  createFastPixClient,
  DEFAULT_BASE_URL,
  type FastPixClientOptions,
} from '../../../../../src/main/core/fastpix/client.ts'
import { FastPixError } from '../../../../../src/main/core/fastpix/errors.ts'
import type { Logger } from '../../../../../src/main/core/logger.ts'

const TOKEN = 'token-id-1234'
const SECRET = 'very-secret-key-5678'
const BASIC = `Basic ${Buffer.from(`${TOKEN}:${SECRET}`).toString('base64')}`

interface Call {
  url: URL
  method: string
  headers: Record<string, string>
  body: string | undefined
  signal: AbortSignal | undefined
}
type Reply =
  | { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> }
  | Error
  | 'hang'

const stream = (id: string, extra: Record<string, unknown> = {}) => ({
  streamId: id,
  status: 'idle',
  createdAt: '2026-05-20T10:10:00.333884Z',
  ...extra,
})
const list = (
  ids: string[],
  pagination: { totalRecords: number; currentOffset: number; offsetCount: number },
) => ({
  body: { success: true, data: ids.map((id) => stream(id)), pagination },
})
const fail = (status: number, headers?: Record<string, string>): Reply => ({
  status,
  headers,
  body: { success: false, error: { code: status, message: 'nope', description: 'Nope.' } },
})

function setup(
  replies: Reply[] | ((call: Call, n: number) => Reply),
  overrides: Partial<FastPixClientOptions> = {},
) {
  const calls: Call[] = []
  const waits: number[] = []
  const lines: string[] = []
  const logger: Logger = {
    debug: (m) => lines.push(m),
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  }
  const fetchImpl: typeof fetch = async (input, init) => {
    const call: Call = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
    }
    calls.push(call)
    const reply = typeof replies === 'function' ? replies(call, calls.length) : replies[calls.length - 1]
    if (reply === undefined) throw new Error(`unexpected request ${calls.length}`)
    if (reply instanceof Error) throw reply
    if (reply === 'hang')
      return new Promise<Response>((_resolve, reject) => {
        call.signal?.addEventListener('abort', () => reject(call.signal?.reason), { once: true })
      })
    const text = reply.raw ?? JSON.stringify(reply.body ?? { success: true })
    return new Response(text, {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json', ...reply.headers },
    })
  }
  const client = createFastPixClient({
    baseUrl: 'https://fastpix.test/v1/',
    accessTokenId: TOKEN,
    secretKey: SECRET,
    fetch: fetchImpl,
    sleep: async (ms) => {
      waits.push(ms)
    },
    logger,
    ...overrides,
  })
  return { client, calls, waits, lines }
}

async function failure(promise: Promise<unknown>): Promise<FastPixError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FastPixError)
  return error as FastPixError
}

describe('requests', () => {
  it('GETs under the base URL with Basic auth, JSON accept, user agent and query', async () => {
    const { client, calls } = setup([list(['a'], { totalRecords: 1, currentOffset: 2, offsetCount: 1 })], {
      baseUrl: 'https://fastpix.test/v1',
      userAgent: 'monitor-test/1',
    })
    const page = await client.listStreams({ limit: 5, offset: 2, orderBy: 'asc' })
    expect(page).toEqual({
      streams: [stream('a')],
      pagination: { totalRecords: 1, currentOffset: 2, offsetCount: 1 },
    })
    expect(calls[0]?.url.href).toBe('https://fastpix.test/v1/live/streams?limit=5&offset=2&orderBy=asc')
    expect(calls[0]?.method).toBe('GET')
    expect(calls[0]?.headers).toEqual({
      authorization: BASIC,
      accept: 'application/json',
      'user-agent': 'monitor-test/1',
    })
    expect(client.baseUrl).toBe('https://fastpix.test/v1/')
  })

  it('defaults to the .com API and validates the base URL', () => {
    expect(createFastPixClient({ accessTokenId: 'a', secretKey: 'b' }).baseUrl).toBe(DEFAULT_BASE_URL)
    expect(DEFAULT_BASE_URL).toBe('https://api.fastpix.com/v1/')
    for (const baseUrl of ['not a url', 'ftp://x/v1/', 'https://user:pw@api.fastpix.com/v1/'])
      expect(() => createFastPixClient({ baseUrl, accessTokenId: 'a', secretKey: 'b' })).toThrow(TypeError)
  })

  it('builds each endpoint path; writes are PUTs; the simulcast PUT sends JSON', async () => {
    const target = { simulcastId: 's1', url: 'rtmp://x/app/', isEnabled: false }
    const { client, calls } = setup([
      { body: { success: true, data: stream('a', { simulcastResponses: [target] }) } },
      { body: { success: true, data: target } },
      { body: { success: true, data: { views: 42 } } },
      {},
      {},
      {},
      { body: { success: true, data: target } },
    ])
    expect((await client.getStream('a')).simulcastResponses).toEqual([target])
    expect(await client.getSimulcast('a', 's1')).toEqual(target)
    expect(await client.viewerCount('a')).toBe(42)
    await client.enableStream('a')
    await client.disableStream('a')
    await client.finishStream('a')
    expect(await client.setSimulcastEnabled('a', 's1', false)).toEqual(target)
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'GET /v1/live/streams/a',
      'GET /v1/live/streams/a/simulcast/s1',
      'GET /v1/live/streams/a/viewer-count',
      'PUT /v1/live/streams/a/live-enable',
      'PUT /v1/live/streams/a/live-disable',
      'PUT /v1/live/streams/a/finish',
      'PUT /v1/live/streams/a/simulcast/s1',
    ])
    expect(calls[3]?.body).toBeUndefined()
    expect(calls[6]?.body).toBe('{"isEnabled":false}')
    expect(calls[6]?.headers['content-type']).toBe('application/json')
  })

  it('verifyCredentials asks for one item and reports the total', async () => {
    const { client, calls } = setup([list(['a'], { totalRecords: 37, currentOffset: 1, offsetCount: 37 })])
    expect(await client.verifyCredentials()).toEqual({ ok: true, streams: 37 })
    expect(calls[0]?.url.search).toBe('?limit=1')
  })

  it('refuses ids that are not FastPix ids without calling, and out-of-range paging', async () => {
    const { client, calls } = setup([])
    for (const id of ['', '..', 'a/b', 'a?b', 'x'.repeat(256)])
      expect(await failure(client.getStream(id))).toMatchObject({ kind: 'invalid-request', status: null })
    expect((await failure(client.setSimulcastEnabled('a', '.', true))).kind).toBe('invalid-request')
    await expect(client.listStreams({ limit: 51 })).rejects.toThrow(RangeError)
    await expect(client.listStreams({ offset: 0 })).rejects.toThrow(RangeError)
    expect(calls).toEqual([])
  })
})

describe('validation', () => {
  it('a body that does not validate is bad-response naming the field, not retried', async () => {
    const { client, calls } = setup([
      {
        body: {
          success: true,
          data: [stream('a'), stream('b', { status: 7 })],
          pagination: { totalRecords: 2, currentOffset: 1, offsetCount: 1 },
        },
      },
    ])
    const error = await failure(client.listStreams())
    expect(error).toMatchObject({ kind: 'bad-response', field: 'data.1.status', status: 200, attempts: 1 })
    expect(error.message).toContain('(data.1.status: ')
    expect(calls).toHaveLength(1)
  })

  it.each([
    ['missing pagination', { success: true, data: [] }, 'pagination'],
    ['an error envelope with 200', { success: false, error: {} }, 'success'],
    ['an array', [], '(body)'],
  ])('%s → bad-response at %s', async (_name, body, field) => {
    const { client } = setup([{ body }])
    expect(await failure(client.listStreams())).toMatchObject({ kind: 'bad-response', field })
  })

  it('non-JSON and oversized bodies are bad-response', async () => {
    const { client } = setup([
      { raw: '<html>gateway</html>' },
      { raw: '{}', headers: { 'content-length': String(64 * 1024 * 1024) } },
    ])
    expect(await failure(client.viewerCount('a'))).toMatchObject({ kind: 'bad-response', field: '(body)' })
    const big = await failure(client.viewerCount('a'))
    expect(big.message).toContain('larger than 4 MiB')
  })

  it('an error status with a body that is not the envelope still maps by status', async () => {
    const { client } = setup([{ status: 404, raw: 'Not Found' }])
    expect(await failure(client.getStream('a'))).toMatchObject({
      kind: 'not-found',
      apiMessage: null,
      apiDescription: null,
    })
  })
})

describe('retries and backoff', () => {
  it('waits 1 s then 2 s and gives up after 3 attempts by default', async () => {
    const { client, calls, waits, lines } = setup(() => fail(503))
    const error = await failure(client.listStreams())
    expect(error).toMatchObject({ kind: 'server', status: 503, attempts: 3, apiMessage: 'nope' })
    expect(calls).toHaveLength(3)
    expect(waits).toEqual([1000, 2000])
    expect(lines).toEqual([
      'FastPix GET /live/streams: server 503; retry 1/2 in 1000 ms',
      'FastPix GET /live/streams: server 503; retry 2/2 in 2000 ms',
    ])
  })

  it('grows by factor and caps at maxMs', async () => {
    const { client, waits } = setup(() => fail(500), {
      retry: { attempts: 6, initialMs: 100, factor: 3, maxMs: 2000 },
    })
    expect((await failure(client.getStream('a'))).attempts).toBe(6)
    expect(waits).toEqual([100, 300, 900, 2000, 2000])
  })

  it.each([408, 429, 500, 502, 503, 504, 524])('retries %i', async (status) => {
    const { client, calls } = setup([fail(status), { body: { success: true, data: { views: 1 } } }])
    expect(await client.viewerCount('a')).toBe(1)
    expect(calls).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 409, 422, 501])('never retries %i', async (status) => {
    const { client, calls, waits } = setup(() => fail(status))
    expect((await failure(client.getStream('a'))).attempts).toBe(1)
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('respects Retry-After seconds, capped by maxMs; ignores a malformed one', async () => {
    const { client, waits } = setup(
      [
        fail(429, { 'retry-after': '7' }),
        fail(429, { 'retry-after': '3600' }),
        fail(429, { 'retry-after': 'soon' }),
        { body: { success: true, data: { views: 0 } } },
      ],
      { retry: { attempts: 4 } },
    )
    expect(await client.viewerCount('a')).toBe(0)
    expect(waits).toEqual([7000, 10_000, 4000])
  })

  it('each attempt has its own timeout; timeouts are retried', async () => {
    const { client, calls, waits } = setup(() => 'hang', { timeoutMs: 20, retry: { attempts: 2 } })
    const error = await failure(client.getStream('a'))
    expect(error).toMatchObject({ kind: 'timeout', status: null, attempts: 2 })
    expect(error.message).toContain('within 20 ms')
    expect(calls).toHaveLength(2)
    expect(calls[0]?.signal).not.toBe(calls[1]?.signal)
    expect(waits).toEqual([1000])
  })

  it('connection errors are network errors, retried', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    })
    const { client, calls } = setup(() => refused)
    const error = await failure(client.getStream('a'))
    expect(error).toMatchObject({ kind: 'network', attempts: 3 })
    expect(error.message).toBe(
      'Could not reach FastPix at fastpix.test (ECONNREFUSED). Check the internet connection, proxy or firewall.',
    )
    expect(calls).toHaveLength(3)
  })

  it('a caller signal stops at once: before the call, during a request, during a wait', async () => {
    const early = setup([])
    const aborted = AbortSignal.abort(new Error('stop'))
    await expect(early.client.getStream('a', { signal: aborted })).rejects.toThrow('stop')
    expect(early.calls).toEqual([])

    const during = setup(() => 'hang', { timeoutMs: 60_000 })
    const controller = new AbortController()
    const call = during.client.getStream('a', { signal: controller.signal })
    controller.abort(new Error('closed'))
    await expect(call).rejects.toThrow('closed')
    expect(during.waits).toEqual([])

    const waiting = new AbortController()
    const inWait = setup(() => fail(503), {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('sleep aborted')), { once: true })
          waiting.abort(new Error('cancelled'))
        }),
    })
    await expect(inWait.client.listStreams({ signal: waiting.signal })).rejects.toThrow('cancelled')
    expect(inWait.calls).toHaveLength(1)
  })

  it('a retried write refused in any words reads the state back: done when it matches', async () => {
    const refused: Reply = {
      status: 400,
      body: { success: false, error: { code: 400, message: 'anything', description: 'Any words.' } },
    }
    const withStatus = (status: string): Reply => ({ body: { success: true, data: stream('a', { status }) } })
    const target = (isEnabled: boolean): Reply => ({
      body: { success: true, data: { simulcastId: 's1', isEnabled } },
    })
    const matched = setup(
      [
        fail(503),
        refused,
        withStatus('disabled'),
        fail(504),
        refused,
        withStatus('idle'),
        'hang',
        refused,
        withStatus('idle'),
        fail(502),
        refused,
        target(false),
      ],
      { timeoutMs: 20 },
    )
    await matched.client.disableStream('a')
    await matched.client.enableStream('a')
    await matched.client.finishStream('a')
    expect(await matched.client.setSimulcastEnabled('a', 's1', false)).toEqual({
      simulcastId: 's1',
      isEnabled: false,
    })
    expect(matched.calls.map((c) => `${c.method} ${c.url.pathname}`).slice(0, 3)).toEqual([
      'PUT /v1/live/streams/a/live-disable',
      'PUT /v1/live/streams/a/live-disable',
      'GET /v1/live/streams/a',
    ])
    expect(matched.calls.at(-1)?.url.pathname).toBe('/v1/live/streams/a/simulcast/s1')
  })

  it('a retried write whose state does not match, or cannot be read, keeps the refusal', async () => {
    const refused: Reply = {
      status: 400,
      body: { success: false, error: { code: 400, message: 'nope', description: 'Not now.' } },
    }
    const { client, calls, lines } = setup([
      fail(503),
      refused,
      { body: { success: true, data: stream('a', { status: 'active' }) } },
      fail(503),
      refused,
      { body: { success: true, data: { simulcastId: 's1', isEnabled: true } } },
      fail(503),
      refused,
      fail(404),
    ])
    const notDone = await failure(client.finishStream('a'))
    expect(notDone).toMatchObject({ kind: 'invalid-request', status: 400, attempts: 2, apiMessage: 'nope' })
    expect(notDone.message).toBe('FastPix refused the request (400): Not now.')
    expect((await failure(client.setSimulcastEnabled('a', 's1', false))).apiMessage).toBe('nope')
    expect((await failure(client.disableStream('a'))).status).toBe(400)
    expect(calls).toHaveLength(9)
    expect(lines.at(-1)).toBe(
      'FastPix: could not read back a refused retry: FastPix has no such stream or simulcast in this workspace (404).',
    )
  })

  it('a refusal on the first attempt is final: nothing is read back', async () => {
    const { client, calls } = setup([
      {
        status: 400,
        body: { success: false, error: { code: 400, message: 'stream already disabled' } },
      },
      { status: 409, body: { success: false, error: { code: 409, message: 'busy' } } },
    ])
    expect((await failure(client.disableStream('a'))).apiMessage).toBe('stream already disabled')
    expect((await failure(client.setSimulcastEnabled('a', 's1', true))).attempts).toBe(1)
    expect(calls).toHaveLength(2)
  })
})

describe('listAllStreams', () => {
  it('walks pages with offsets 1, 2, 3 until totalRecords', async () => {
    const { client, calls } = setup([
      list(['a', 'b'], { totalRecords: 5, currentOffset: 1, offsetCount: 3 }),
      list(['c', 'd'], { totalRecords: 5, currentOffset: 2, offsetCount: 3 }),
      list(['e'], { totalRecords: 5, currentOffset: 3, offsetCount: 3 }),
    ])
    const all = await client.listAllStreams({ pageSize: 2, orderBy: 'desc' })
    expect(all.map((s) => s.streamId)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(calls.map((c) => c.url.search)).toEqual([
      '?limit=2&offset=1&orderBy=desc',
      '?limit=2&offset=2&orderBy=desc',
      '?limit=2&offset=3&orderBy=desc',
    ])
  })

  it('stops on an empty page, and never lists a shifted stream twice', async () => {
    const { client, calls } = setup([
      list(['a', 'b'], { totalRecords: 4, currentOffset: 1, offsetCount: 9 }),
      list(['b', 'c'], { totalRecords: 5, currentOffset: 2, offsetCount: 9 }),
      list([], { totalRecords: 5, currentOffset: 3, offsetCount: 9 }),
    ])
    expect((await client.listAllStreams({ pageSize: 2 })).map((s) => s.streamId)).toEqual(['a', 'b', 'c'])
    expect(calls).toHaveLength(3)
  })

  it('uses 50 per page by default and stops once totalRecords are seen', async () => {
    const { client, calls } = setup([
      list(['a', 'b'], { totalRecords: 2, currentOffset: 1, offsetCount: 99 }),
    ])
    expect(await client.listAllStreams()).toHaveLength(2)
    expect(calls[0]?.url.searchParams.get('limit')).toBe('50')
  })

  it('a stream created mid-walk does not make page offsets look like item offsets', async () => {
    // Page 2 starts with the last of page 1 (pushed down by one new stream): still pages.
    const { client, calls } = setup([
      list(['a', 'b', 'c'], { totalRecords: 7, currentOffset: 1, offsetCount: 3 }),
      list(['c', 'd', 'e'], { totalRecords: 8, currentOffset: 2, offsetCount: 3 }),
      list(['f', 'g', 'h'], { totalRecords: 8, currentOffset: 3, offsetCount: 3 }),
    ])
    const all = await client.listAllStreams({ pageSize: 3 })
    expect(all.map((s) => s.streamId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    expect(calls.map((c) => c.url.searchParams.get('offset'))).toEqual(['1', '2', '3'])
  })

  it('a page moved on by one stream means offset counts items: it then moves on a page of items', async () => {
    const ids = 'abcdefghij'.split('')
    const { client, calls } = setup((call) => {
      const offset = Number(call.url.searchParams.get('offset'))
      const pagination = { totalRecords: ids.length, currentOffset: offset, offsetCount: 4 }
      return list(ids.slice(offset - 1, offset + 2), pagination)
    })
    expect((await client.listAllStreams({ pageSize: 3 })).map((s) => s.streamId)).toEqual(ids)
    expect(calls.map((c) => c.url.searchParams.get('offset'))).toEqual(['1', '2', '5', '8'])
  })

  it('a page of streams already listed ends the walk with an error, not a short list', async () => {
    const { client, calls } = setup(() =>
      list(['a', 'b'], { totalRecords: 9, currentOffset: 1, offsetCount: 5 }),
    )
    const error = await failure(client.listAllStreams({ pageSize: 2 }))
    expect(error).toMatchObject({ kind: 'bad-response', field: 'pagination' })
    expect(error.message).toBe(
      'FastPix answered offset 2 with streams already listed (it may ignore offset): 2 of 9 listed; stopped listing.',
    )
    expect(calls).toHaveLength(2)
  })

  it('gives up on a server that never ends after maxPages', async () => {
    const { client, calls } = setup((call) => {
      const offset = Number(call.url.searchParams.get('offset'))
      return list([`s${offset}`], { totalRecords: 1e9, currentOffset: offset, offsetCount: 1e9 })
    })
    const error = await failure(client.listAllStreams({ pageSize: 1, maxPages: 25 }))
    expect(error).toMatchObject({ kind: 'bad-response', field: 'pagination' })
    expect(error.message).toBe('FastPix still had more streams after 25 pages of 1; stopped listing.')
    expect(calls).toHaveLength(25)
  })
})

describe('secrets', () => {
  it('never appear in errors, logs or the client object', async () => {
    const { client, lines } = setup(
      (_call, n) =>
        [fail(401), fail(403), fail(503), fail(503), { raw: 'x' }, new TypeError('boom')][n - 1] ?? 'hang',
      { timeoutMs: 10, retry: { attempts: 2 } },
    )
    const errors: FastPixError[] = []
    for (let i = 0; i < 5; i++) errors.push(await failure(client.getStream('a')))
    expect(errors.map((e) => e.kind)).toEqual([
      'unauthorized',
      'forbidden',
      'server',
      'bad-response',
      'timeout',
    ])
    expect(errors[4]?.attempts).toBe(2)
    expect(lines.some((l) => l.includes('network'))).toBe(true)
    const everything = [
      ...lines,
      ...errors.flatMap((e) => [e.message, String(e.stack), JSON.stringify(e), String(e.cause)]),
      JSON.stringify(client),
    ].join('\n')
    expect(everything).not.toContain(SECRET)
    expect(everything).not.toContain(BASIC.slice(6))
  })
})
