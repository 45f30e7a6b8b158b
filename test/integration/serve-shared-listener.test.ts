// A shared server: the dashboard listener bound beyond 127.0.0.1 as an explicit choice.
// 127.0.0.2 stands for the exposed address (a non-default loopback address takes the
// exposed path without leaving the machine). Host/Origin with --public-host, https with a
// certificate made here by openssl, X-Forwarded-* believed only with --trust-proxy,
// and the bad-input gates on the exposed listener: T4 here, T5 in serve-route-sweep,
// T6 in serve-signals, W5 (sizes) and W6 (slow clients) below.

import { rm } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect, type Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createLogger } from '../../src/main/core/logger.ts'
import { buildDashboardApp } from '../../src/main/serve/dashboard-app.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { listenSettings } from '../../src/main/serve/options.ts'
import type { MonitorApi } from '../../src/shared/api.ts'
import { tempDir } from '../support/serve.ts'
import { selfSignedCert, type TestCert } from '../support/tls.ts'

const EXPOSED = '127.0.0.2'
const PUBLIC = 'monitor.example.com'
const KiB = 1024
const MiB = 1024 * KiB

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One request with exactly these headers (Host included), over http or, given `ca`, https. */
function send(
  url: string,
  headers: Record<string, string>,
  options: { method?: string; body?: string; ca?: Buffer; servername?: string } = {},
): Promise<Answer> {
  const target = new URL(url)
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers,
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.servername ? { servername: options.servername } : {}),
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(2000, () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('serve --listen 127.0.0.2 --public-host monitor.example.com (plain http)', () => {
  let handle: ServeHandle
  let dir = ''
  const logged: string[] = []
  let port = 0
  let api = ''
  beforeAll(async () => {
    dir = await tempDir('fpm-shared-')
    handle = await startServe({
      dataDir: dir,
      demo: false,
      webhookPort: 0,
      port: 0,
      signingSecret: 'c2VjcmV0',
      exposure: listenSettings({ listen: EXPOSED, 'public-host': [PUBLIC] }, {}),
      logger: createLogger((line) => logged.push(line), 'info'),
    })
    api = handle.apiUrl
    port = Number(new URL(api).port)
  })
  afterAll(async () => {
    await handle.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('binds the dashboard to the chosen address only; the webhook listener stays on 127.0.0.1', async () => {
    expect(new URL(api).hostname).toBe(EXPOSED)
    expect(handle.dashboardUrl).toBe(`http://${EXPOSED}:${port}/?token=${handle.apiToken}`)
    expect(await connects(EXPOSED, port)).toBe(true)
    expect(await connects('127.0.0.1', port)).toBe(false)
    expect(new URL(handle.webhookUrl).hostname).toBe('127.0.0.1')
    expect(await connects(EXPOSED, Number(new URL(handle.webhookUrl).port))).toBe(false)
  })

  it('warns once on stderr that the token travels in clear text', () => {
    const warnings = logged.filter((line) => line.includes('clear text'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/warn .*the dashboard listens on 127\.0\.0\.2 over plain http/)
  })

  it('T4: accepts the public name and the listen address as Host, and refuses every other', async () => {
    const auth = { authorization: `Bearer ${handle.apiToken}` }
    const streams = `${api}/api/streams`
    for (const host of [PUBLIC, `${PUBLIC}:${port}`, `MONITOR.example.com:${port}`, `${EXPOSED}:${port}`]) {
      expect((await send(streams, { ...auth, host })).status, host).toBe(200)
    }
    for (const host of [
      'evil.example',
      `${PUBLIC}:1`,
      `${PUBLIC}.evil.example`,
      `127.0.0.3:${port}`,
      `[::1]:${port}`,
    ]) {
      const answer = await send(streams, { ...auth, host })
      expect(answer.status, host).toBe(403)
      expect(JSON.parse(answer.body)).toEqual({ error: { code: 'forbidden', message: 'forbidden host' } })
    }
  })

  it('T4: accepts the Origin of a page from a public name over http, and refuses others', async () => {
    const headers = { authorization: `Bearer ${handle.apiToken}`, host: PUBLIC }
    const streams = `${api}/api/streams`
    for (const origin of [`http://${PUBLIC}`, `http://${PUBLIC}:${port}`, `http://${EXPOSED}:${port}`])
      expect((await send(streams, { ...headers, origin })).status, origin).toBe(200)
    for (const origin of ['http://evil.example', `https://${PUBLIC}`, `http://${PUBLIC}:1`, 'null']) {
      const answer = await send(streams, { ...headers, origin })
      expect(answer.status, origin).toBe(403)
      expect(JSON.parse(answer.body).error.message).toBe('forbidden origin')
    }
  })

  it('T4: the token is still required on every name', async () => {
    expect((await send(`${api}/api/streams`, { host: PUBLIC })).status).toBe(401)
    expect((await send(`${api}/api/streams`, { host: PUBLIC, authorization: 'Bearer wrong' })).status).toBe(
      401,
    )
    expect((await send(`${api}/`, { host: PUBLIC })).status).toBe(200)
  })

  it('ignores X-Forwarded-* without --trust-proxy', async () => {
    const headers = { authorization: `Bearer ${handle.apiToken}` }
    // A forwarded Host does not replace a refused Host…
    const refused = await send(`${api}/api/streams`, {
      ...headers,
      host: 'evil.example',
      'x-forwarded-host': PUBLIC,
    })
    expect(refused.status).toBe(403)
    // …nor is an accepted Host refused because of one, and a forwarded https is not believed.
    const forwarded = {
      ...headers,
      host: PUBLIC,
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    }
    expect((await send(`${api}/api/streams`, forwarded)).status).toBe(200)
    expect((await send(`${api}/api/streams`, { ...forwarded, origin: `https://${PUBLIC}` })).status).toBe(403)
  })

  it('W5: bodies over the dashboard limit are refused with 413 and the connection closed, memory flat', async () => {
    const path = '/api/notifications/pause'
    const auth = `Authorization: Bearer ${handle.apiToken}\r\n`
    gc()
    const before = process.memoryUsage()
    const overByOne = await streamBody(EXPOSED, port, path, auth, 64 * KiB + 1, false)
    const over1MiB = await streamBody(EXPOSED, port, path, auth, MiB + 1, false)
    const tenWithLength = await streamBody(EXPOSED, port, path, auth, 10 * MiB, false, 1_000)
    const tenChunked = await streamBody(EXPOSED, port, path, auth, 10 * MiB, true)
    const tenNoToken = await streamBody(EXPOSED, port, path, '', 10 * MiB, false, 1_000)
    gc()
    const after = process.memoryUsage()
    for (const answer of [overByOne, over1MiB, tenWithLength, tenChunked])
      expect(answer).toMatchObject({ status: 413, closedByServer: true })
    expect(tenNoToken).toMatchObject({ status: 401, closedByServer: true })
    // Content-Length alone decides: the answer comes before a body byte is sent.
    expect(tenWithLength.bytesSent).toBe(0)
    expect(tenNoToken.bytesSent).toBe(0)
    expect(tenChunked.bytesSent).toBeLessThan(10 * MiB)
    expect(after.rss - before.rss).toBeLessThan(10 * MiB)
    expect(after.heapUsed - before.heapUsed).toBeLessThan(10 * MiB)
  }, 30_000)
})

interface StreamedAnswer {
  status: number | null
  bytesSent: number
  closedByServer: boolean
}

/** Headers, then body bytes in 64 KiB writes until the server answers or closes (or `total` went out). */
async function streamBody(
  address: string,
  port: number,
  path: string,
  extraHeaders: string,
  total: number,
  chunked: boolean,
  waitFirstMs = 0,
): Promise<StreamedAnswer> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: address, port }, () => resolve(s))
    s.once('error', reject)
  })
  const chunk = Buffer.alloc(64 * KiB, 0x61)
  let response = ''
  let status: number | null = null
  let closed = false
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      response += data.toString('latin1')
      const line = /^HTTP\/1\.1 (\d{3})/.exec(response)
      if (line) status ??= Number(line[1])
      if (status !== null) resolve()
    })
    socket.on('close', () => {
      closed = true
      resolve()
    })
    socket.on('error', () => {})
  })
  const length = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`
  socket.write(
    `PUT ${path} HTTP/1.1\r\nHost: ${PUBLIC}\r\n${extraHeaders}Content-Type: application/json\r\n${length}\r\n\r\n`,
  )
  if (waitFirstMs > 0) await Promise.race([answered, new Promise((r) => setTimeout(r, waitFirstMs))])
  let sent = 0
  while (sent < total && status === null && !closed) {
    const part = chunk.subarray(0, Math.min(chunk.length, total - sent))
    const framed = chunked
      ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
      : part
    sent += part.length
    if (!socket.write(framed)) await Promise.race([new Promise((r) => socket.once('drain', r)), answered])
  }
  if (chunked && !closed && status === null) socket.write('0\r\n\r\n')
  await Promise.race([answered, new Promise((r) => setTimeout(r, 5_000))])
  await Promise.race([new Promise((r) => socket.once('close', r)), new Promise((r) => setTimeout(r, 2_000))])
  const closedByServer = closed || socket.destroyed || socket.readableEnded
  socket.destroy()
  return { status, bytesSent: sent, closedByServer }
}

describe('serve --listen 127.0.0.2 with --tls-cert/--tls-key (https)', () => {
  let handle: ServeHandle | null = null
  let dir = ''
  let cert: TestCert | { reason: string }
  const logged: string[] = []
  beforeAll(async () => {
    dir = await tempDir('fpm-tls-')
    cert = await selfSignedCert(dir, EXPOSED)
    if ('reason' in cert) {
      console.log(`https tests skipped: ${cert.reason}`)
      return
    }
    handle = await startServe({
      dataDir: dir,
      demo: true,
      webhookPort: 0,
      port: 0,
      signingSecret: null,
      exposure: listenSettings(
        { listen: EXPOSED, 'public-host': [PUBLIC], 'tls-cert': cert.certPath, 'tls-key': cert.keyPath },
        {},
      ),
      logger: createLogger((line) => logged.push(line), 'info'),
    })
  })
  afterAll(async () => {
    await handle?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves the API and the update stream over https to a client that trusts the certificate', async (ctx) => {
    if (handle === null || 'reason' in cert) return ctx.skip()
    const { apiUrl, apiToken } = handle
    expect(apiUrl).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/)
    expect(handle.dashboardUrl.startsWith(`${apiUrl}/?token=`)).toBe(true)
    const port = new URL(apiUrl).port
    const ok = await send(
      `${apiUrl}/api/streams`,
      { host: `${EXPOSED}:${port}`, authorization: `Bearer ${apiToken}` },
      { ca: cert.cert },
    )
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('"streams"')
    // An https page's Origin is accepted; the same name over http is not.
    const headers = { host: PUBLIC, authorization: `Bearer ${apiToken}` }
    expect(
      (await send(`${apiUrl}/api/streams`, { ...headers, origin: `https://${PUBLIC}` }, { ca: cert.cert }))
        .status,
    ).toBe(200)
    expect(
      (await send(`${apiUrl}/api/streams`, { ...headers, origin: `http://${PUBLIC}` }, { ca: cert.cert }))
        .status,
    ).toBe(403)
    expect(
      (
        await send(
          `${apiUrl}/api/streams`,
          { host: 'evil.example', authorization: `Bearer ${apiToken}` },
          { ca: cert.cert, servername: PUBLIC },
        )
      ).status,
    ).toBe(403)
    // wss:// with the token answers hello.
    const ca = cert.cert
    const hello = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`wss://${EXPOSED}:${port}/api/updates?token=${apiToken}`, {
        ca,
        origin: `https://${PUBLIC}`,
        headers: { host: PUBLIC },
      })
      socket.once('message', (data) => {
        socket.close()
        resolve(String(data))
      })
      socket.once('error', reject)
    })
    expect(JSON.parse(hello)).toEqual({ type: 'hello', protocol: 1 })
  })

  it('refuses a client that does not trust the certificate, and plain http on the https port', async (ctx) => {
    if (handle === null || 'reason' in cert) return ctx.skip()
    const port = new URL(handle.apiUrl).port
    await expect(send(`${handle.apiUrl}/`, { host: `${EXPOSED}:${port}` })).rejects.toThrow(
      /self[- ]signed|certificate/i,
    )
    const plain = await send(`http://${EXPOSED}:${port}/api/streams?token=${handle.apiToken}`, {
      host: `${EXPOSED}:${port}`,
    }).catch((error: Error) => ({ status: 0, body: error.message, headers: {} }))
    expect(plain.status === 0 || plain.status >= 400).toBe(true)
  })

  it('does not warn about clear text', (ctx) => {
    if (handle === null) return ctx.skip()
    expect(logged.filter((line) => line.includes('clear text'))).toEqual([])
  })
})

/** A MonitorApi with nothing in it: these tests are about the listener. */
const emptyApi = new Proxy(
  {},
  { get: (_t, name) => (name === 'onUpdate' ? () => () => {} : async () => ({ streams: [] })) },
) as MonitorApi

async function listening(app: FastifyInstance): Promise<number> {
  await app.listen({ host: EXPOSED, port: 0 })
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : 0
}

describe.each([
  ['--trust-proxy', true],
  ['--trust-proxy 127.0.0.0/8', ['127.0.0.0/8']],
  ['--trust-proxy 10.0.0.0/8 (not this peer)', ['10.0.0.0/8']],
  ['no --trust-proxy', false],
] as const)('X-Forwarded-* with %s', (_name, trustProxy) => {
  const believed = trustProxy === true || (Array.isArray(trustProxy) && trustProxy[0] === '127.0.0.0/8')
  const TOKEN = 'proxy-token-0123456789abcdef'
  let app: FastifyInstance
  let port = 0
  beforeAll(async () => {
    app = await buildDashboardApp({
      api: emptyApi,
      token: TOKEN,
      publicHosts: [PUBLIC, EXPOSED],
      trustProxy: typeof trustProxy === 'boolean' ? trustProxy : [...trustProxy],
    })
    // What a rate limiter would read: the remote address, and the Host and scheme, as the guard sees them.
    app.get('/test/peer', { config: { access: 'public' } }, async (request) => ({
      ip: request.ip,
      host: request.host,
      protocol: request.protocol,
    }))
    port = await listening(app)
  })
  afterAll(async () => {
    await app.close()
  })

  const proxied = () => ({
    host: `${EXPOSED}:${port}`, // the proxy's upstream, as nginx sends it without proxy_set_header Host
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': PUBLIC,
  })

  it(
    believed ? 'the remote address, Host and scheme are the proxy’s view' : 'the socket’s own view is kept',
    async () => {
      const answer = await send(`http://${EXPOSED}:${port}/test/peer`, proxied())
      expect(answer.status).toBe(200)
      const peer = JSON.parse(answer.body) as { ip: string; host: string; protocol: string }
      if (believed) expect(peer).toEqual({ ip: '203.0.113.7', host: PUBLIC, protocol: 'https' })
      else {
        expect(peer.ip).not.toBe('203.0.113.7')
        expect(peer.ip).toMatch(/^127\./)
        expect(peer).toMatchObject({ host: `${EXPOSED}:${port}`, protocol: 'http' })
      }
    },
  )

  it(`the Host and Origin checks ${believed ? 'use' : 'ignore'} the forwarded names`, async () => {
    const url = `http://${EXPOSED}:${port}/api/streams`
    const auth = { authorization: `Bearer ${TOKEN}` }
    // The page as the crew opens it, https://monitor.example.com, through the proxy.
    expect((await send(url, { ...proxied(), ...auth, origin: `https://${PUBLIC}` })).status).toBe(
      believed ? 200 : 403,
    )
    // A forwarded Host that is not a public name is refused when believed, not looked at otherwise.
    const evil = { ...proxied(), ...auth, 'x-forwarded-host': 'evil.example' }
    expect((await send(url, evil)).status).toBe(believed ? 403 : 200)
    // The real Host header is refused when foreign, forwarded or not (when believed, X-Forwarded-Host decides).
    const foreign = { ...auth, host: 'evil.example', 'x-forwarded-host': PUBLIC }
    expect((await send(url, foreign)).status).toBe(believed ? 200 : 403)
  })
})

describe('W6 on the exposed listener: slow clients', () => {
  const TOKEN = 'slow-token-0123456789abcdef'
  let app: FastifyInstance
  let port = 0
  beforeAll(async () => {
    app = await buildDashboardApp({
      api: emptyApi,
      token: TOKEN,
      publicHosts: [PUBLIC, EXPOSED],
      requestTimeoutMs: 2_000,
      headersTimeoutMs: 1_000,
    })
    port = await listening(app)
  })
  afterAll(async () => {
    await app.close()
  })

  it('W6: 50 connections trickling 1 byte/s are cut off while normal requests and an open update stream go on', async () => {
    const updates = new WebSocket(`ws://${EXPOSED}:${port}/api/updates?token=${TOKEN}`, {
      headers: { host: PUBLIC },
    })
    let updatesClosed = false
    updates.on('close', () => {
      updatesClosed = true
    })
    await new Promise((resolve, reject) => {
      updates.once('message', resolve)
      updates.once('error', reject)
    })
    const started = Date.now()
    const sockets = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const s = connect({ host: EXPOSED, port }, () => resolve(s))
            s.once('error', reject)
          }),
      ),
    )
    const closedAt: Array<number | null> = sockets.map(() => null)
    sockets.forEach((socket, i) => {
      socket.on('error', () => {})
      socket.resume()
      socket.on('close', () => {
        closedAt[i] = Date.now() - started
      })
      // Half trickle their headers, half a body after complete headers.
      socket.write(
        i % 2 === 0
          ? `GET /api/streams HTTP/1.1\r\nHost: ${PUBLIC}\r\nX-Slow: `
          : `PUT /api/notifications/pause HTTP/1.1\r\nHost: ${PUBLIC}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      )
    })
    const trickle = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('a')
    }, 1_000)
    const latencies: number[] = []
    try {
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now()
        const answer = await send(`http://${EXPOSED}:${port}/api/streams`, {
          host: PUBLIC,
          authorization: `Bearer ${TOKEN}`,
        })
        latencies.push(performance.now() - t0)
        expect(answer.status).toBe(200)
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      const deadline = Date.now() + 6_000
      while (closedAt.some((t) => t === null) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100))
    } finally {
      clearInterval(trickle)
      for (const socket of sockets) socket.destroy()
    }
    expect(closedAt.every((t) => t !== null)).toBe(true)
    // Headers timeout 1 s, request timeout 2 s, checked every 500 ms.
    expect(Math.max(...closedAt.map((t) => t ?? Number.POSITIVE_INFINITY))).toBeLessThan(4_000)
    expect(Math.max(...latencies)).toBeLessThan(1_000)
    // The update stream, older than every timeout, is still open.
    expect(Date.now() - started).toBeGreaterThan(2_500)
    expect(updatesClosed).toBe(false)
    expect(updates.readyState).toBe(WebSocket.OPEN)
    updates.close()
  }, 20_000)
})
