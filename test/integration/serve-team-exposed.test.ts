// Team mode on a shared listener: users' tokens and roles on a dashboard bound to 127.0.0.2
// (standing for an exposed address) behind a trusted proxy. The proxy's view decides who
// is rate-limited (X-Forwarded-For), so one client sending old tokens locks out itself and
// not the rest of the crew behind the same proxy; an untrusted peer's X-Forwarded-For
// changes nothing; Host must still be a public host.
import { rm } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildDashboardApp } from '../../src/main/serve/dashboard-app.ts'
import { addUser, loadUsers, revokeUser, saveUsers, setRole } from '../../src/main/serve/users/users-file.ts'
import type { MonitorApi } from '../../src/shared/api.ts'
import { tempDir } from '../support/serve.ts'

const EXPOSED = '127.0.0.2'
const PUBLIC = 'monitor.example.com'
const LAUNCH = 'launch-token-0123456789abcdef'

/** A MonitorApi that answers every query with an empty list: these tests are about the gate. */
const emptyApi = new Proxy(
  {},
  { get: (_t, name) => (name === 'onUpdate' ? () => () => {} : async () => ({ streams: [] })) },
) as MonitorApi

interface Started {
  app: FastifyInstance
  base: string
}

async function start(dir: string, trustProxy: boolean | string[]): Promise<Started> {
  const app = await buildDashboardApp({
    api: emptyApi,
    token: LAUNCH,
    dataDir: dir,
    // As serve passes them: the names given, and the listen address itself.
    publicHosts: [PUBLIC, EXPOSED],
    trustProxy,
  })
  await app.listen({ host: EXPOSED, port: 0 })
  const address = app.server.address()
  return { app, base: `http://${EXPOSED}:${typeof address === 'object' && address ? address.port : 0}` }
}

let dir = ''
let viewerToken = ''
let proxied: Started
let direct: Started

beforeAll(async () => {
  dir = await tempDir('fpm-team-exposed-')
  const viewer = addUser([], 'vera', 'viewer')
  viewerToken = viewer.token
  saveUsers(dir, viewer.users)
  proxied = await start(dir, ['127.0.0.0/8'])
  direct = await start(dir, false)
})

afterAll(async () => {
  await proxied?.app.close()
  await direct?.app.close()
  await rm(dir, { recursive: true, force: true })
})

// fetch cannot set Host: through the proxy the name arrives as X-Forwarded-Host (ignored
// from an untrusted peer, where the Host is the listen address).
const get = (s: Started, path: string, headers: Record<string, string>) =>
  fetch(`${s.base}${path}`, {
    headers: { 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https', ...headers },
  })

describe('users and roles on an exposed listener behind a trusted proxy', () => {
  it("a viewer's token reads over the public name; a change is refused by role, in words", async () => {
    const read = await get(proxied, '/api/streams', {
      authorization: `Bearer ${viewerToken}`,
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': PUBLIC,
    })
    expect(read.status).toBe(200)
    const change = await fetch(`${proxied.base}/api/workspace/reconcile`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${viewerToken}`,
        'content-type': 'application/json',
        origin: `https://${PUBLIC}`,
        'x-forwarded-for': '198.51.100.7',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': PUBLIC,
      },
      body: '{}',
    })
    expect(change.status).toBe(403)
    expect(((await change.json()) as { error: { message: string } }).error.message).toBe(
      'This needs the operator role; vera is a viewer.',
    )
  })

  it('wrong tokens lock out the client the proxy names, not the crew behind the same proxy', async () => {
    const wrong = { authorization: 'Bearer fpm_not-a-token', 'x-forwarded-for': '203.0.113.9' }
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await get(proxied, '/api/streams', wrong)).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses[10]).toBe(429)
    // The same client, now with a good token: still waiting out its minute.
    const locked = await get(proxied, '/api/streams', {
      authorization: `Bearer ${viewerToken}`,
      'x-forwarded-for': '203.0.113.9',
    })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Someone else behind the same proxy is not affected.
    const other = await get(proxied, '/api/streams', {
      authorization: `Bearer ${viewerToken}`,
      'x-forwarded-for': '198.51.100.20',
    })
    expect(other.status).toBe(200)
  })

  it("without --trust-proxy, a peer's X-Forwarded-For is ignored: the peer itself is counted", async () => {
    for (let i = 0; i < 10; i++) {
      const spoofed = await get(direct, '/api/streams', {
        authorization: 'Bearer fpm_not-a-token',
        'x-forwarded-for': `192.0.2.${i}`,
      })
      expect(spoofed.status).toBe(401)
    }
    const after = await get(direct, '/api/streams', {
      authorization: `Bearer ${viewerToken}`,
      'x-forwarded-for': '192.0.2.200',
    })
    expect(after.status).toBe(429)
  })

  it('a host that is not a public host is refused, even with a good token', async () => {
    const res = await get(proxied, '/api/streams', {
      'x-forwarded-host': 'evil.example.net',
      authorization: `Bearer ${viewerToken}`,
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('forbidden host')
  })
})

describe("a user's open update socket", () => {
  it('is closed soon after their token is revoked; a role change or the launch token keeps theirs open', async () => {
    const own = await tempDir('fpm-team-ws-')
    const a = addUser([], 'ana', 'viewer')
    const b = addUser(a.users, 'ben', 'viewer')
    saveUsers(own, b.users)
    const app = await buildDashboardApp({ api: emptyApi, token: LAUNCH, dataDir: own, tokenRecheckMs: 50 })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/updates?token=`
    const open = (token: string) =>
      new Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }>((resolve, reject) => {
        const ws = new WebSocket(url + encodeURIComponent(token))
        const closed = new Promise<{ code: number; reason: string }>((done) =>
          ws.on('close', (code, reason) => done({ code, reason: reason.toString() })),
        )
        ws.once('message', () => resolve({ ws, closed }))
        ws.once('error', reject)
      })
    try {
      const [ana, ben, launch] = await Promise.all([open(a.token), open(b.token), open(LAUNCH)])
      saveUsers(own, setRole(revokeUser(loadUsers(own), 'ana'), 'ben', 'operator'))
      expect(await ana.closed).toEqual({ code: 1008, reason: 'token revoked' })
      await new Promise((r) => setTimeout(r, 300))
      expect(ben.ws.readyState).toBe(WebSocket.OPEN)
      expect(launch.ws.readyState).toBe(WebSocket.OPEN)
      ben.ws.close()
      launch.ws.close()
    } finally {
      await app.close()
      await rm(own, { recursive: true, force: true })
    }
  })
})
