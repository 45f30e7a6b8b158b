import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildDashboardApp, dashboardRoutes } from '../../../../src/main/serve/dashboard-app.ts'
import type { MonitorApi, UpdateBatch } from '../../../../src/shared/api.ts'
import { OPERATION_NAMES, operation } from '../../../../src/shared/operations.ts'
import { rawRequest } from '../../../support/http.ts'

const TOKEN = 'test-token-0123456789'
const listeners = new Set<(b: UpdateBatch) => void>()
const calls: unknown[] = []

const api: MonitorApi = {
  getSnapshot: async () => ({
    seq: 0,
    streams: [{ id: 's1' } as never],
    workspaceHealth: 'healthy',
    receiver: {} as never,
    settings: {
      thresholds: {} as never,
      retention: { maxAgeDays: 1, maxEvents: 1 },
      hold: { maxMiB: 1, maxDeliveries: 1 },
    },
    notifications: { settings: {} as never, pausedUntil: null, mutes: {} },
    workspace: { mode: 'live' } as never,
    serverTime: 0,
  }),
  getStream: async (id) => (id === 's1' ? ({ id } as never) : null),
  listEvents: async (q) => {
    calls.push(q)
    return { events: [], nextCursor: null }
  },
  getEvent: async () => null,
  listTransitions: async () => [],
  listRejected: async () => ({ rejected: [], nextCursor: null }),
  getReceiver: async () => ({ accepted: 3 }) as never,
  updateSettings: async () => {
    throw new Error('not used')
  },
  listBroadcasts: async () => [],
  getWorkspaceSeries: async (range) => {
    calls.push({ getWorkspaceSeries: range })
    const empty: number[] = []
    return {
      from: range.from ?? 0,
      to: range.to ?? 0,
      bucketMs: 60_000,
      at: empty,
      streamsByHealth: { healthy: empty, degraded: empty, down: empty, unknown: empty, offline: empty },
      deliveries: empty,
      rejections: empty,
      lagP50: [],
      lagP95: [],
    }
  },
  getBroadcastReport: async () => {
    throw new Error('not used')
  },
  getStreamSeries: async () => {
    throw new Error('not used')
  },
  exportBroadcastReport: async (streamId, broadcast, options) => {
    calls.push({ exportBroadcastReport: [streamId, broadcast, options] })
    return { filename: 'Sunday-service-1.md', contentType: 'text/markdown; charset=utf-8', body: '# Sunday' }
  },
  listNotifications: async (q) => {
    calls.push({ listNotifications: q })
    return []
  },
  updateNotificationSettings: async (patch) => {
    calls.push({ updateNotificationSettings: patch })
    return { settings: {} as never, pausedUntil: null, mutes: {} }
  },
  muteStream: async (id, choice) => {
    calls.push({ muteStream: [id, choice] })
    return { settings: {} as never, pausedUntil: null, mutes: choice ? { [id]: 1 } : {} }
  },
  pauseNotifications: async (choice) => {
    calls.push({ pauseNotifications: choice })
    return { settings: {} as never, pausedUntil: choice === null ? null : 'indefinitely', mutes: {} }
  },
  setSchedule: async (id, schedule) => {
    calls.push({ setSchedule: [id, schedule] })
    return id === 's1' ? ({ id } as never) : null
  },
  listSchedules: async () => ({}),
  getWorkspaceStatus: async () => ({ mode: 'live' }) as never,
  testCredentials: async (input) => {
    calls.push({ testCredentials: input })
    return {
      state: 'error',
      error: 'FastPix rejected the Access Token ID or Secret Key (401).',
      streams: null,
      checkedAt: 1,
    }
  },
  connectWorkspace: async (input) => {
    calls.push({ connectWorkspace: input })
    return { mode: 'live' } as never
  },
  setSigningSecret: async (secret) => {
    calls.push({ setSigningSecret: secret })
    return { released: 2, rejected: 0 }
  },
  useDemo: async () => {
    calls.push({ useDemo: true })
    return { mode: 'demo' } as never
  },
  reconcileNow: async () => ({ state: 'idle', lastAt: 1, lastError: null, corrections: 0 }),
  reconnectTunnel: async () => ({ mode: 'live' }) as never,
  runStreamAction: async (action) => {
    calls.push({ runStreamAction: action })
    return { mode: 'live' } as never
  },
  listAudit: async () => [],
  onUpdate(listener) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}

let app: FastifyInstance
let base: string
let host: string

beforeAll(async () => {
  app = await buildDashboardApp({ api, token: TOKEN, staticDir: null })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  base = `http://127.0.0.1:${port}`
  host = `127.0.0.1:${port}`
})
afterAll(async () => {
  await app.close()
})

describe('dashboard routes from the operation table', () => {
  it('one route per operation (plus its views), each declaring the role the table gives it', () => {
    const api = dashboardRoutes(app).filter(
      (r) => r.url.startsWith('/api/') && !r.websocket && r.method !== 'HEAD',
    )
    const expected = OPERATION_NAMES.flatMap((name) => {
      const { http, role } = operation(name)
      return [
        `${http.method} ${http.path} ${role}`,
        ...(http.views ?? []).map((view) => `GET ${view.path} ${role}`),
        ...(http.download ? [`GET ${http.download} ${role}`] : []),
      ]
    })
    expect(api.map((r) => `${r.method} ${r.url} ${r.role}`).sort()).toEqual(expected.sort())
  })
})

describe('dashboard listener guard (T4)', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }

  it('answers the API with the token (header or query)', async () => {
    const a = await rawRequest(`${base}/api/streams`, { headers: auth })
    expect(a.status).toBe(200)
    expect(JSON.parse(a.body)).toEqual({ streams: [{ id: 's1' }] })
    const b = await rawRequest(`${base}/api/receiver?token=${TOKEN}`)
    expect(b.status).toBe(200)
    expect(b.headers['cache-control']).toBe('no-store')
    expect(b.headers['referrer-policy']).toBe('no-referrer')
  })

  it.each([
    ['no token', {}],
    ['wrong token', { authorization: 'Bearer nope' }],
    ['token of another length', { authorization: `Bearer ${TOKEN}x` }],
    ['basic scheme', { authorization: `Basic ${TOKEN}` }],
  ])('401 with %s', async (_name, headers) => {
    const r = await rawRequest(`${base}/api/streams`, { headers })
    expect(r.status).toBe(401)
    expect(r.body).not.toContain('s1')
  })

  it.each([
    ['evil.example', 'DNS rebinding'],
    ['127.0.0.1', 'no port'],
    ['127.0.0.1:1', 'other port'],
    ['0.0.0.0:8791', 'wildcard'],
  ])('403 for Host %s (%s), even with the token', async (badHost) => {
    const r = await rawRequest(`${base}/api/streams`, { headers: { ...auth, host: badHost } })
    expect(r.status).toBe(403)
  })

  it.each(['http://evil.example', 'null', 'https://127.0.0.1', 'http://127.0.0.1:1'])(
    '403 for Origin %s, even with the token',
    async (origin) => {
      const r = await rawRequest(`${base}/api/streams`, { headers: { ...auth, origin } })
      expect(r.status).toBe(403)
    },
  )

  it('accepts its own origin and localhost', async () => {
    const r = await rawRequest(`${base}/api/streams`, { headers: { ...auth, origin: base } })
    expect(r.status).toBe(200)
    const port = host.split(':')[1]
    const l = await rawRequest(`${base}/api/streams`, { headers: { ...auth, host: `localhost:${port}` } })
    expect(l.status).toBe(200)
  })

  it('serves the page without a token but still checks Host', async () => {
    expect((await rawRequest(`${base}/`)).status).toBe(200)
    expect((await rawRequest(`${base}/`, { headers: { host: 'evil.example' } })).status).toBe(403)
  })

  it('WebSocket needs the token and a local origin, then pushes batches', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${host}/api/updates`)
      ws.on('unexpected-response', (req, res) => {
        req.destroy()
        resolve(res.statusCode ?? 0)
      })
      ws.on('open', () => resolve(101))
    })
    expect(refused).toBe(401)
    const foreign = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${host}/api/updates?token=${TOKEN}`, { origin: 'http://evil.example' })
      ws.on('unexpected-response', (req, res) => {
        req.destroy()
        resolve(res.statusCode ?? 0)
      })
      ws.on('open', () => resolve(101))
    })
    expect(foreign).toBe(403)

    const ws = new WebSocket(`ws://${host}/api/updates?token=${TOKEN}`, { origin: base })
    const messages: { type: string; batch?: UpdateBatch }[] = []
    await new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        messages.push(JSON.parse(data.toString()))
        if (messages.length === 1) {
          for (const l of listeners) l({ seq: 7 } as UpdateBatch)
        }
        if (messages.length === 2) resolve()
      })
    })
    expect(messages[0]?.type).toBe('hello')
    expect(messages[1]).toEqual({ type: 'batch', batch: { seq: 7 } })
    ws.close()
  })
})

describe('dashboard API queries', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }

  it('validates and maps event filters', async () => {
    const r = await rawRequest(`${base}/api/events?streamId=abc&type=a,b&limit=1000&duplicate=true`, {
      headers: auth,
    })
    expect(r.status).toBe(200)
    expect(calls.at(-1)).toEqual({ streamId: 'abc', types: ['a', 'b'], limit: 1000, duplicate: true })
  })

  it.each(['limit=0', 'limit=1001', 'limit=x', 'verification=maybe', 'from=-1', 'bogus=1', 'types=a'])(
    '400 with a clear message for %s',
    async (query) => {
      const r = await rawRequest(`${base}/api/events?${query}`, { headers: auth })
      expect(r.status).toBe(400)
      expect(JSON.parse(r.body).error.code).toBe('bad_request')
    },
  )

  it('404 for unknown streams, events and paths', async () => {
    expect((await rawRequest(`${base}/api/streams/nope`, { headers: auth })).status).toBe(404)
    expect((await rawRequest(`${base}/api/events/nope`, { headers: auth })).status).toBe(404)
    expect((await rawRequest(`${base}/api/nothing`, { headers: auth })).status).toBe(404)
  })
})

describe('dashboard API: notifications', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }
  const json = { ...auth, 'content-type': 'application/json' }
  const put = (path: string, body: unknown) =>
    rawRequest(`${base}${path}`, { method: 'PUT', headers: json, body: JSON.stringify(body) })

  it('lists the log with a coerced limit and a stream filter', async () => {
    const r = await rawRequest(`${base}/api/notifications?limit=20&streamId=s1`, { headers: auth })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ decisions: [] })
    expect(calls.at(-1)).toEqual({ listNotifications: { limit: 20, streamId: 's1' } })
  })

  it('mutes, unmutes and pauses with validated choices', async () => {
    expect((await put('/api/notifications/mutes/s1', { choice: '4h' })).status).toBe(200)
    expect(calls.at(-1)).toEqual({ muteStream: ['s1', '4h'] })
    expect((await put('/api/notifications/mutes/s1', { choice: null })).status).toBe(200)
    expect(calls.at(-1)).toEqual({ muteStream: ['s1', null] })
    const paused = await put('/api/notifications/pause', { choice: 'indefinitely' })
    expect(JSON.parse(paused.body).pausedUntil).toBe('indefinitely')
    expect(calls.at(-1)).toEqual({ pauseNotifications: 'indefinitely' })
  })

  it.each([
    ['/api/notifications/mutes/s1', { choice: '2h' }],
    ['/api/notifications/mutes/s1', {}],
    ['/api/notifications/pause', { choice: 'forever' }],
    ['/api/notifications/pause', { choice: null, extra: 1 }],
  ])('400 for a bad choice: PUT %s %j', async (path, body) => {
    const before = calls.length
    const r = await put(path, body)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body).error.code).toBe('bad_request')
    expect(calls.length).toBe(before)
  })

  it('400 for a bad log query', async () => {
    expect((await rawRequest(`${base}/api/notifications?limit=501`, { headers: auth })).status).toBe(400)
  })
})

describe('dashboard API: connecting a workspace', () => {
  const json = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
  const post = (path: string, body: unknown) =>
    rawRequest(`${base}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) })

  it('checks credentials, connects, sets the signing secret and switches to the demo', async () => {
    const check = await post('/api/workspace/test', { accessTokenId: ' tok ', secretKey: 'key' })
    expect(JSON.parse(check.body)).toMatchObject({ state: 'error', error: expect.stringContaining('401') })
    expect(calls.at(-1)).toEqual({ testCredentials: { accessTokenId: 'tok', secretKey: 'key' } })
    const input = {
      accessTokenId: 'tok',
      secretKey: 'key',
      publicUrl: { mode: 'own', url: 'https://m.example.com/' },
    }
    expect((await post('/api/workspace/connect', input)).status).toBe(200)
    expect(calls.at(-1)).toEqual({
      connectWorkspace: { ...input, publicUrl: { mode: 'own', url: 'https://m.example.com' } },
    })
    expect(JSON.parse((await post('/api/workspace/signing-secret', { secret: 'c2VjcmV0' })).body)).toEqual({
      released: 2,
      rejected: 0,
    })
    expect((await post('/api/workspace/demo', {})).status).toBe(200)
    expect(calls.at(-1)).toEqual({ useDemo: true })
    const target = { streamId: 's1', simulcastId: 't1', action: 'disable-target' }
    expect((await post('/api/streams/actions', target)).status).toBe(200)
    expect(calls.at(-1)).toEqual({ runStreamAction: target })
  })

  it.each([
    ['/api/workspace/test', { accessTokenId: '', secretKey: 'k' }],
    ['/api/workspace/test', { accessTokenId: 't', secretKey: 'k', extra: 1 }],
    [
      '/api/workspace/connect',
      { accessTokenId: 't', secretKey: 'k', publicUrl: { mode: 'own', url: 'http://x.com' } },
    ],
    [
      '/api/workspace/connect',
      { accessTokenId: 't', secretKey: 'k', publicUrl: { mode: 'ngrok', authtoken: '' } },
    ],
    ['/api/workspace/signing-secret', { secret: 'not base64!' }],
    ['/api/streams/actions', { streamId: 's1', action: 'delete' }],
    ['/api/streams/actions', { streamId: '../x', action: 'disable' }],
    ['/api/streams/actions', { streamId: 's1', action: 'enable-target' }],
  ])('400 with the field named, nothing called: POST %s %j', async (path, body) => {
    const before = calls.length
    const r = await post(path, body)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body).error.code).toBe('bad_request')
    expect(calls.length).toBe(before)
  })
})

describe('dashboard API token in the query', () => {
  it('accepts ?token= on every filtered route (the strict schemas ignore it)', async () => {
    for (const path of [
      '/api/events?limit=5',
      '/api/transitions?limit=5',
      '/api/rejected?limit=5',
      '/api/settings',
    ]) {
      const sep = path.includes('?') ? '&' : '?'
      const r = await rawRequest(`${base}${path}${sep}token=${TOKEN}`)
      expect(r.status, path).toBe(200)
    }
  })
})

describe('dashboard API: the workspace overview', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }

  it('takes the range from the query string as numbers, or none', async () => {
    const r = await rawRequest(`${base}/api/workspace/series?from=60000&to=120000`, { headers: auth })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toMatchObject({ from: 60_000, to: 120_000, bucketMs: 60_000 })
    expect(calls.at(-1)).toEqual({ getWorkspaceSeries: { from: 60_000, to: 120_000 } })
    expect((await rawRequest(`${base}/api/workspace/series`, { headers: auth })).status).toBe(200)
    expect(calls.at(-1)).toEqual({ getWorkspaceSeries: {} })
  })

  it('refuses a range that is not numbers, in words', async () => {
    const r = await rawRequest(`${base}/api/workspace/series?from=yesterday`, { headers: auth })
    expect(r.status).toBe(400)
    expect(r.body).toMatch(/from: /)
  })
})

describe('dashboard API: report exports', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }

  it('answers the export as JSON, and the download route as the file itself', async () => {
    const r = await rawRequest(`${base}/api/streams/s1/broadcasts/latest/export?format=md&tz=UTC`, {
      headers: auth,
    })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({
      filename: 'Sunday-service-1.md',
      contentType: 'text/markdown; charset=utf-8',
      body: '# Sunday',
    })
    expect(calls.at(-1)).toEqual({ exportBroadcastReport: ['s1', 'latest', { format: 'md', tz: 'UTC' }] })
    const file = await rawRequest(`${base}/api/streams/s1/broadcasts/3/download?format=md`, { headers: auth })
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('text/markdown; charset=utf-8')
    expect(file.headers['content-disposition']).toBe('attachment; filename="Sunday-service-1.md"')
    expect(file.body).toBe('# Sunday')
    expect(calls.at(-1)).toEqual({ exportBroadcastReport: ['s1', 3, { format: 'md' }] })
  })

  it.each([
    ['/api/streams/s1/broadcasts/latest/export?format=pdf', 'format: must be md, html or json'],
    ['/api/streams/s1/broadcasts/latest/download', 'format: must be md, html or json'],
    ['/api/streams/s1/broadcasts/yesterday/export?format=md', 'broadcast: must be "latest"'],
    ['/api/streams/s1/broadcasts/0/download?format=md', 'broadcast: must be "latest"'],
    ['/api/streams/s1/broadcasts/1/export?format=md&tz=Mars/Olympus', 'must be an IANA time zone'],
  ])('400 in words, nothing called: GET %s', async (path, words) => {
    const before = calls.length
    const r = await rawRequest(`${base}${path}`, { headers: auth })
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body).error.message).toContain(words)
    expect(calls.length).toBe(before)
  })

  it('needs the token like every other route', async () => {
    const r = await rawRequest(`${base}/api/streams/s1/broadcasts/latest/download?format=md`)
    expect(r.status).toBe(401)
  })
})

describe('schedules over HTTP', () => {
  const json = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
  const put = (id: string, body: unknown) =>
    rawRequest(`${base}/api/streams/${id}/schedule`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(body),
    })
  const weekly = { kind: 'weekly', days: [0], time: '10:00', timeZone: 'Europe/Berlin' }

  it.each([
    [
      { schedule: { ...weekly, timeZone: 'Mars/Olympus' } },
      'schedule.timeZone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin)',
    ],
    [
      { schedule: { ...weekly, time: '10h' } },
      'schedule.time: expected a time of day as HH:MM (24 h), e.g. 10:00',
    ],
    [{ schedule: { ...weekly, graceMin: 500 } }, 'schedule.graceMin: grace must be between 0 and 120 min'],
    [{ schedule: { ...weekly, days: [] } }, 'schedule.days: choose at least one day of the week'],
  ])('refuses %j in words (400), without calling the monitor', async (body, words) => {
    const before = calls.length
    const r = await put('s1', body)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'bad_request', message: words } })
    expect(calls.length).toBe(before)
  })

  it('passes a valid schedule (defaults filled in) or null, and 404s an unknown stream', async () => {
    const ok = await put('s1', { schedule: weekly })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toEqual({ stream: { id: 's1' } })
    expect(calls.at(-1)).toEqual({
      setSchedule: ['s1', { ...weekly, graceMin: 5, end: null, endGraceMin: 5 }],
    })
    expect((await put('s1', { schedule: null })).status).toBe(200)
    expect(calls.at(-1)).toEqual({ setSchedule: ['s1', null] })
    const missing = await put('nope', { schedule: null })
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body).error.message).toBe('no such stream')
  })
})
