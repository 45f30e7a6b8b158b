import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../../../../src/main/core/demo/plan.ts'
import { buildDemoRestApp, type DemoRestFaults } from '../../../../../src/main/core/demo/rest.ts'
import type { DemoPlan } from '../../../../../src/main/core/demo/types.ts'
import { applyPlanUntil, DemoWorkspace } from '../../../../../src/main/core/demo/workspace.ts'
import { STREAM_KEYS } from '../../../../support/fastpix-examples.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
// Key order of the captured FastPix responses (test/fixtures/fastpix/rest).
const SIMULCAST_KEYS = ['simulcastId', 'url', 'streamKey', 'isEnabled', 'metadata']

const TOKEN = 'b7c1f0e2-5d44-4b8e-9a0e-2f1d3c4b5a69'
const SECRET = 'demo-secret-key'
const AUTH = { authorization: `Basic ${Buffer.from(`${TOKEN}:${SECRET}`).toString('base64')}` }

let apps: ReturnType<typeof buildDemoRestApp>[] = []
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()))
  apps = []
})

function setup(offsetMs: number, faults?: DemoRestFaults, now = START + offsetMs) {
  const plan: DemoPlan = buildDemoPlan({ seed: 42, startAt: START })
  const state = applyPlanUntil(new DemoWorkspace(plan, () => now), plan, offsetMs)
  const app = buildDemoRestApp({ state, accessTokenId: TOKEN, secretKey: SECRET, faults })
  apps.push(app)
  return { plan, state, app }
}

const byName = (plan: DemoPlan, name: string) => plan.streams.find((s) => s.name === name)?.id ?? ''
const occurred = (plan: DemoPlan, name: string, kind: string): number =>
  plan.deliveries.find((d) => d.streamId === byName(plan, name) && d.type === `video.live_stream.${kind}`)
    ?.occurredMs ?? Number.NaN

describe('auth', () => {
  it.each([
    ['no header', {}],
    ['wrong secret', { authorization: `Basic ${Buffer.from(`${TOKEN}:nope`).toString('base64')}` }],
    ['bearer', { authorization: `Bearer ${SECRET}` }],
  ])('answers 401 with the error envelope (%s)', async (_name, headers) => {
    const { app } = setup(10_000)
    const res = await app.inject({ method: 'GET', url: '/v1/live/streams', headers })
    expect(res.statusCode).toBe(401)
    const body = res.json() as { success: boolean; error: Record<string, unknown> }
    expect(body.success).toBe(false)
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'description'])
    expect(body.error.code).toBe(401)
  })
})

describe('GET /v1/live/streams', () => {
  it('pages 6 streams as 3 pages of 2 (1-based offset), newest first, without repeats', async () => {
    const { app } = setup(10_000)
    const ids: string[] = []
    for (const offset of [1, 2, 3]) {
      const res = await app.inject({ url: `/v1/live/streams?limit=2&offset=${offset}`, headers: AUTH })
      expect(res.statusCode).toBe(200)
      const body = res.json() as { success: boolean; data: { streamId: string }[]; pagination: unknown }
      expect(body.success).toBe(true)
      expect(body.pagination).toEqual({ totalRecords: 6, currentOffset: offset, offsetCount: 3 })
      expect(body.data).toHaveLength(2)
      ids.push(...body.data.map((s) => s.streamId))
    }
    expect(new Set(ids).size).toBe(6)
    const asc = await app.inject({ url: '/v1/live/streams?limit=50&orderBy=asc', headers: AUTH })
    expect((asc.json() as { data: { streamId: string }[] }).data.map((s) => s.streamId)).toEqual(
      [...ids].reverse(),
    )
    const beyond = await app.inject({ url: '/v1/live/streams?limit=2&offset=4', headers: AUTH })
    expect((beyond.json() as { data: unknown[] }).data).toEqual([])
  })

  it.each([
    ['item', [3, 4, 5]],
    ['ignored', [1, 2, 3]],
  ] as const)('offsetMeaning %s: offset=3 starts at stream %j (1-based)', async (offsetMeaning, expected) => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const state = applyPlanUntil(new DemoWorkspace(plan, () => START + 10_000), plan, 10_000)
    const app = buildDemoRestApp({ state, accessTokenId: TOKEN, secretKey: SECRET, offsetMeaning })
    apps.push(app)
    const all = state.list().map((s) => s.def.id)
    const res = await app.inject({ url: '/v1/live/streams?limit=3&offset=3', headers: AUTH })
    const body = res.json() as { data: { streamId: string }[]; pagination: unknown }
    expect(body.data.map((s) => s.streamId)).toEqual(expected.map((n) => all[n - 1]))
    expect(body.pagination).toEqual({ totalRecords: 6, currentOffset: 3, offsetCount: 2 })
  })

  it('defaults to limit 10 and rejects limits outside 1–50 with the error envelope', async () => {
    const { app } = setup(10_000)
    const res = await app.inject({ url: '/v1/live/streams', headers: AUTH })
    expect((res.json() as { pagination: unknown }).pagination).toEqual({
      totalRecords: 6,
      currentOffset: 1,
      offsetCount: 1,
    })
    for (const q of ['limit=0', 'limit=51', 'offset=0', 'orderBy=sideways']) {
      const bad = await app.inject({ url: `/v1/live/streams?${q}`, headers: AUTH })
      expect(bad.statusCode).toBe(400)
      expect((bad.json() as { error: { code: number } }).error.code).toBe(400)
    }
  })

  it('lists only streams whose created event has happened', async () => {
    const { app } = setup(2_500)
    const res = await app.inject({ url: '/v1/live/streams', headers: AUTH })
    expect((res.json() as { pagination: { totalRecords: number } }).pagination.totalRecords).toBe(2)
  })

  it('shapes list items like the captured list response, simulcastResponses included', async () => {
    const { app } = setup(10_000)
    const items = (await app.inject({ url: '/v1/live/streams', headers: AUTH })).json() as {
      data: Record<string, unknown>[]
    }
    const withTargets = items.data.find((s) => 'simulcastResponses' in s) ?? {}
    expect(Object.keys(withTargets)).toEqual(STREAM_KEYS)
    const noTargets = items.data.find((s) => !('simulcastResponses' in s)) ?? {}
    expect(Object.keys(noTargets)).toEqual(STREAM_KEYS.filter((k) => k !== 'simulcastResponses'))
  })
})

describe('GET /v1/live/streams/:id', () => {
  it('matches the example keys, simulcast objects included', async () => {
    const { app, plan } = setup(10_000)
    const res = await app.inject({ url: `/v1/live/streams/${byName(plan, 'Main Stage')}`, headers: AUTH })
    expect(res.statusCode).toBe(200)
    const body = res.json() as { success: boolean; data: Record<string, unknown> }
    expect(Object.keys(body)).toEqual(['success', 'data'])
    expect(Object.keys(body.data)).toEqual(STREAM_KEYS)
    expect(body.data.playbackIds).toEqual([{ id: expect.any(String), accessPolicy: 'public' }])
    const targets = body.data.simulcastResponses as Record<string, unknown>[]
    expect(targets).toHaveLength(2)
    for (const t of targets) {
      expect(Object.keys(t)).toEqual(SIMULCAST_KEYS)
      expect(t.isEnabled).toBe(true)
      expect(String(t.url)).not.toContain(String(t.streamKey))
    }
    expect(Object.keys(body.data.srtPlaybackResponse as object)).toEqual([
      'srtPlaybackStreamId',
      'srtPlaybackSecret',
    ])
  })

  it('answers 404 with the error envelope for an unknown stream, and for a stream not yet created', async () => {
    const { app, plan } = setup(500)
    for (const id of ['0123456789abcdef0123456789abcdef', byName(plan, 'Lobby Cam')]) {
      for (const suffix of ['', '/viewer-count']) {
        const res = await app.inject({ url: `/v1/live/streams/${id}${suffix}`, headers: AUTH })
        expect(res.statusCode).toBe(404)
        expect(res.json()).toMatchObject({
          success: false,
          error: { code: 404, message: 'stream not found' },
        })
      }
    }
    const other = await app.inject({ url: '/v1/nothing-here', headers: AUTH })
    expect(other.json()).toMatchObject({ success: false, error: { code: 404 } })
  })
})

describe('state follows the plan', () => {
  it('reports each status after its event time and isEnabled per target', async () => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const main = byName(plan, 'Main Stage')
    const status = async (offset: number, id = main): Promise<Record<string, unknown>> => {
      const { app } = setup(offset)
      return ((await app.inject({ url: `/v1/live/streams/${id}`, headers: AUTH })).json() as { data: never })
        .data
    }
    const preparing = occurred(plan, 'Main Stage', 'preparing')
    const active = occurred(plan, 'Main Stage', 'active')
    const idle = occurred(plan, 'Main Stage', 'idle')
    expect((await status(preparing - 1)).status).toBe('idle')
    expect((await status(preparing)).status).toBe('preparing')
    expect((await status(active - 1)).status).toBe('preparing')
    expect((await status(active)).status).toBe('active')
    expect((await status(occurred(plan, 'Main Stage', 'disconnected'))).status).toBe('active')
    expect((await status(idle)).status).toBe('idle')
    // metadata from `updated`
    expect(
      ((await status(occurred(plan, 'Main Stage', 'updated'))).metadata as { session?: string }).session,
    ).toBeTruthy()

    const studio = byName(plan, 'Studio B')
    const flips = plan.deliveries.filter(
      (d) => d.streamId === studio && d.type === 'video.live_stream.simulcast_target.updated',
    )
    const enabled = async (offset: number) =>
      ((await status(offset, studio)).simulcastResponses as { isEnabled: boolean }[])[0]?.isEnabled
    expect(await enabled((flips[0]?.occurredMs ?? 0) - 1)).toBe(true)
    expect(await enabled(flips[0]?.occurredMs ?? 0)).toBe(false)
    expect(await enabled(flips[1]?.occurredMs ?? 0)).toBe(true)
  })

  it('viewer-count: plausible numbers while active, 0 otherwise', async () => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const id = byName(plan, 'Main Stage')
    const active = occurred(plan, 'Main Stage', 'active')
    const views = async (offset: number): Promise<unknown> => {
      const { app } = setup(offset)
      const res = await app.inject({ url: `/v1/live/streams/${id}/viewer-count`, headers: AUTH })
      expect(Object.keys(res.json() as object)).toEqual(['success', 'data'])
      return res.json()
    }
    expect(await views(active - 1)).toEqual({ success: true, data: { views: 0 } })
    const live = (await views(active + 120_000)) as { data: { views: number } }
    expect(Number.isInteger(live.data.views)).toBe(true)
    expect(live.data.views).toBeGreaterThan(0)
    expect(live.data.views).toBeLessThan(5000)
    expect(await views(occurred(plan, 'Main Stage', 'idle'))).toEqual({ success: true, data: { views: 0 } })
  })
})

describe('fault injection', () => {
  it('fails every Nth request with the given status (before auth) and can delay', async () => {
    const { app } = setup(10_000, { status: 503, everyNth: 2, delayMs: 20 })
    const codes: number[] = []
    for (let i = 0; i < 4; i++)
      codes.push((await app.inject({ url: '/v1/live/streams', headers: AUTH })).statusCode)
    expect(codes).toEqual([200, 503, 200, 503])
    const started = Date.now()
    const failed = await app.inject({ url: '/v1/live/streams' })
    expect(failed.statusCode).toBe(401)
    const slow = await app.inject({ url: '/v1/live/streams' })
    expect(slow.statusCode).toBe(503)
    expect(slow.json()).toMatchObject({ success: false, error: { code: 503 } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(18)
  })
})

describe('write actions (SPEC §6.2, §7.1)', () => {
  const put = (app: ReturnType<typeof buildDemoRestApp>, url: string, payload?: object) =>
    app.inject({ method: 'PUT', url, headers: AUTH, ...(payload ? { payload } : {}) })
  const status = async (app: ReturnType<typeof buildDemoRestApp>, id: string) =>
    (
      (await app.inject({ url: `/v1/live/streams/${id}`, headers: AUTH })).json() as {
        data: { status: string }
      }
    ).data.status

  it('finish: only active → idle; otherwise the captured 400', async () => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const { app } = setup(occurred(plan, 'Main Stage', 'active') + 1000)
    const main = byName(plan, 'Main Stage')
    const done = await put(app, `/v1/live/streams/${main}/finish`)
    expect(done.statusCode).toBe(200)
    expect(done.json()).toEqual({ success: true })
    expect(await status(app, main)).toBe('idle')
    const again = await put(app, `/v1/live/streams/${main}/finish`)
    expect(again.statusCode).toBe(400)
    expect(again.json()).toEqual({
      success: false,
      error: {
        code: 400,
        message: 'stream cannot be completed',
        description: 'Only active streams can be marked as completed.',
      },
    })
  })

  it('live-disable from any enabled status, live-enable only from disabled', async () => {
    const plan0 = buildDemoPlan({ seed: 42, startAt: START })
    const { app, plan, state } = setup(occurred(plan0, 'Main Stage', 'active') + 60_000)
    const main = byName(plan, 'Main Stage')
    expect(state.viewers(main)).toBeGreaterThan(0)
    const enabledAlready = await put(app, `/v1/live/streams/${main}/live-enable`)
    expect(enabledAlready.statusCode).toBe(400)
    expect(enabledAlready.json()).toMatchObject({
      error: { code: 400, message: 'stream is already enabled' },
    })

    expect((await put(app, `/v1/live/streams/${main}/live-disable`)).json()).toEqual({ success: true })
    expect(await status(app, main)).toBe('disabled')
    expect(state.viewers(main)).toBe(0)
    const disabledAlready = await put(app, `/v1/live/streams/${main}/live-disable`)
    expect(disabledAlready.json()).toMatchObject({ error: { code: 400, message: 'stream already disabled' } })
    expect((await put(app, `/v1/live/streams/${main}/finish`)).statusCode).toBe(400)

    expect((await put(app, `/v1/live/streams/${main}/live-enable`)).statusCode).toBe(200)
    expect(await status(app, main)).toBe('idle')
  })

  it('404 for an unknown or not yet created stream', async () => {
    const { app, plan } = setup(500)
    for (const id of ['0123456789abcdef0123456789abcdef', byName(plan, 'Lobby Cam')])
      for (const verb of ['live-enable', 'live-disable', 'finish']) {
        const res = await put(app, `/v1/live/streams/${id}/${verb}`)
        expect(res.statusCode).toBe(404)
        expect(res.json()).toMatchObject({ error: { code: 404, message: 'stream not found' } })
      }
  })

  it('PUT simulcast flips isEnabled, answers the Simulcast, refuses once the stream is disabled', async () => {
    const { app, plan } = setup(10_000)
    const main = byName(plan, 'Main Stage')
    const [first] = plan.streams.find((s) => s.id === main)?.targets ?? []
    const url = `/v1/live/streams/${main}/simulcast/${first?.id}`
    const off = await put(app, url, { isEnabled: false })
    expect(off.statusCode).toBe(200)
    const body = off.json() as { success: boolean; data: Record<string, unknown> }
    expect(Object.keys(body.data)).toEqual(SIMULCAST_KEYS)
    expect(body.data).toMatchObject({ simulcastId: first?.id, isEnabled: false })
    expect(
      ((await app.inject({ url, headers: AUTH })).json() as { data: { isEnabled: boolean } }).data.isEnabled,
    ).toBe(false)
    // isEnabled defaults to true (OpenAPI); bad types are a 400 envelope.
    expect(((await put(app, url, {})).json() as { data: { isEnabled: boolean } }).data.isEnabled).toBe(true)
    expect((await put(app, url, { isEnabled: 'sometimes' })).json()).toMatchObject({ error: { code: 400 } })

    const missing = await put(app, `/v1/live/streams/${main}/simulcast/ffffffffffffffffffffffffffffffff`, {
      isEnabled: false,
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { message: 'stream/simulcast not found' } })

    await put(app, `/v1/live/streams/${main}/live-disable`)
    const refused = await put(app, url, { isEnabled: false })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ success: false, error: { code: 400 } })
  })
})

describe('token permission', () => {
  it('a read-only token reads but gets 403 with the FastPix envelope on every write', async () => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const state = applyPlanUntil(new DemoWorkspace(plan, () => START + 10_000), plan, 10_000)
    const app = buildDemoRestApp({ state, accessTokenId: TOKEN, secretKey: SECRET, permission: 'read' })
    apps.push(app)
    const main = byName(plan, 'Main Stage')
    expect((await app.inject({ url: `/v1/live/streams/${main}`, headers: AUTH })).statusCode).toBe(200)
    for (const verb of ['live-disable', 'finish', `simulcast/${plan.streams[0]?.targets[0]?.id}`]) {
      const res = await app.inject({ method: 'PUT', url: `/v1/live/streams/${main}/${verb}`, headers: AUTH })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ success: false, error: { code: 403, message: 'forbidden' } })
    }
    expect(state.get(main)?.status).not.toBe('disabled')
    const noAuth = await app.inject({ method: 'PUT', url: `/v1/live/streams/${main}/finish` })
    expect(noAuth.statusCode).toBe(401)
  })
})

describe('targeted faults', () => {
  it('afterServed: the write is applied, then its answer waits and is replaced', async () => {
    const faults: DemoRestFaults = {
      afterServed: true,
      delayMs: 30,
      status: 503,
      message: 'lost on the way',
      times: 1,
      path: /\/live-disable$/,
    }
    const { app, plan, state } = setup(10_000, faults)
    const main = byName(plan, 'Main Stage')
    const url = `/v1/live/streams/${main}/live-disable`
    const started = Date.now()
    const lost = await app.inject({ method: 'PUT', url, headers: AUTH })
    expect(Date.now() - started).toBeGreaterThanOrEqual(28)
    expect(lost.statusCode).toBe(503)
    expect(lost.json()).toEqual({
      success: false,
      error: { code: 503, message: 'lost on the way', description: 'lost on the way' },
    })
    expect(state.get(main)?.status).toBe('disabled')
    const again = await app.inject({ method: 'PUT', url, headers: AUTH })
    expect(again.json()).toMatchObject({ error: { code: 400, message: 'stream already disabled' } })
  })

  it('path + times: "fail twice then succeed" on one path only, with Retry-After', async () => {
    const { app, plan } = setup(10_000, { status: 429, times: 2, retryAfterSec: 2, path: /\/viewer-count$/ })
    const main = byName(plan, 'Main Stage')
    expect((await app.inject({ url: '/v1/live/streams', headers: AUTH })).statusCode).toBe(200)
    const answers = []
    for (let i = 0; i < 3; i++)
      answers.push(await app.inject({ url: `/v1/live/streams/${main}/viewer-count?x=1`, headers: AUTH }))
    expect(answers.map((r) => r.statusCode)).toEqual([429, 429, 200])
    expect(answers[0]?.headers['retry-after']).toBe('2')
    expect(answers[0]?.json()).toMatchObject({ success: false, error: { code: 429 } })
    expect(answers[2]?.headers['retry-after']).toBeUndefined()
  })

  it('a predicate can pick requests by method', async () => {
    const faults: DemoRestFaults = { status: 500, times: 1, path: (_path, method) => method === 'PUT' }
    const { app, plan } = setup(10_000, faults)
    const main = byName(plan, 'Main Stage')
    expect((await app.inject({ url: `/v1/live/streams/${main}`, headers: AUTH })).statusCode).toBe(200)
    const url = `/v1/live/streams/${main}/live-disable`
    expect((await app.inject({ method: 'PUT', url, headers: AUTH })).statusCode).toBe(500)
    expect((await app.inject({ method: 'PUT', url, headers: AUTH })).statusCode).toBe(200)
  })
})
