import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { sign, verifySignature } from '../../../../../src/main/core/receiver/signature.ts'
import { buildWebhookApp, WEBHOOK_PATH } from '../../../../../src/main/core/receiver/webhook-app.ts'
import { createMemoryIntake } from '../../../../support/memory-intake.ts'

const SEED = 20_260_520
const KEY = Buffer.from('webhook-app-unit-key')

function eventBody(id: string): string {
  return JSON.stringify({ type: 'video.live_stream.active', id, object: { type: 'live', id: 'stream-1' } })
}

function signedHeaders(body: string, key = KEY): Record<string, string> {
  return { 'content-type': 'application/json', 'fastpix-signature': sign(body, key) }
}

describe('buildWebhookApp (inject)', () => {
  it('T1: the webhook app registers exactly one route, POST /webhooks/fastpix', async () => {
    const app = buildWebhookApp({ intake: createMemoryIntake({ key: KEY }) })
    const routes: string[] = []
    app.addHook('onRoute', (route) => {
      routes.push(`${String(route.method)} ${route.url}`)
    })
    await app.ready()
    expect(routes).toEqual([`POST ${WEBHOOK_PATH}`])
    expect(app.printRoutes({ commonPrefix: false })).toBe('└── /webhooks/fastpix (POST)\n')
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
      expect(app.hasRoute({ method, url: WEBHOOK_PATH })).toBe(false)
    }
    await app.close()
  })

  it('is not listening after build (fastify as a plugin; listening is a separate step)', async () => {
    const app = buildWebhookApp({ intake: createMemoryIntake() })
    await app.ready()
    expect(app.server.listening).toBe(false)
    await app.close()
  })

  it('503 with Retry-After when the intake fails to commit (not the sender’s fault)', async () => {
    const intake = createMemoryIntake({ key: KEY })
    intake.failWith(new Error('SQLITE_FULL: database or disk is full'))
    const app = buildWebhookApp({ intake })
    const body = eventBody('e-503')
    const res = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: signedHeaders(body),
      payload: body,
    })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.json()).toEqual({ ok: false, error: 'temporarily unavailable, retry later' })
    intake.failWith(null)
    const retry = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: signedHeaders(body),
      payload: body,
    })
    expect(retry.statusCode).toBe(202)
    await app.close()
  })

  it('413 from the body limit (Content-Length) without calling the intake or any HMAC', async () => {
    const intake = createMemoryIntake({ key: KEY })
    const verify = vi.fn(verifySignature)
    const app = buildWebhookApp({ intake, verify, bodyLimit: 64 })
    const body = eventBody('x'.repeat(100))
    const res = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: signedHeaders(body),
      payload: body,
    })
    expect(res.statusCode).toBe(413)
    expect(res.headers.connection).toBe('close')
    expect(res.json()).toEqual({ ok: false, error: 'body too large' })
    expect(verify).not.toHaveBeenCalled()
    expect(intake.counters.signingKeyCalls).toBe(0)
    await app.close()
  })

  it('uses the injected clock for receivedAt', async () => {
    const intake = createMemoryIntake({ key: KEY })
    const app = buildWebhookApp({ intake, now: () => 1_234 })
    const body = eventBody('e-clock')
    await app.inject({ method: 'POST', url: WEBHOOK_PATH, headers: signedHeaders(body), payload: body })
    expect(intake.events.get('e-clock')).toMatchObject({ receivedAt: 1_234, occurredAt: 1_234 })
    await app.close()
  })

  it('F3 (HTTP): signed bodies with __proto__ / constructor.prototype at random depths → 400, prototype clean', async () => {
    const intake = createMemoryIntake({ key: KEY })
    const app = buildWebhookApp({ intake })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 10 }),
        fc.constantFrom('"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}'),
        async (path, poison) => {
          let inner = `{${poison}}`
          for (const segment of path.reverse()) inner = `{"${segment}":${inner}}`
          const body = `{"type":"video.live_stream.active","id":"p","data":${inner}}`
          const res = await app.inject({
            method: 'POST',
            url: WEBHOOK_PATH,
            headers: signedHeaders(body),
            payload: body,
          })
          expect(res.statusCode).toBe(400)
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        },
      ),
      { seed: SEED, numRuns: 100 },
    )
    expect(intake.events.size).toBe(0)
    expect(intake.rejected.every((r) => r.status === 400)).toBe(true)
    await app.close()
  })

  it('never 5xx for bad input: arbitrary signed and unsigned bodies get 200/202/400/401 only', async () => {
    const intake = createMemoryIntake({ key: KEY })
    const app = buildWebhookApp({ intake })
    const bodyArb = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc
        .record({ type: fc.oneof(fc.string(), fc.integer()), id: fc.oneof(fc.string(), fc.constant(null)) })
        .map((o) => JSON.stringify({ ...o, createdAt: 'not a date', data: { streamKey: 'k'.repeat(30) } })),
    )
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.boolean(), async (body, signed) => {
        const headers: Record<string, string> = signed
          ? signedHeaders(body.toString())
          : { 'content-type': 'application/json' }
        if (signed && Buffer.isBuffer(body)) headers['fastpix-signature'] = sign(body, KEY)
        const res = await app.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: body })
        expect([200, 202, 400, 401]).toContain(res.statusCode)
      }),
      { seed: SEED, numRuns: 300 },
    )
    await app.close()
  })

  it('F4: any interleaving of N deliveries of a set of ids → rows = distinct ids, every answer 2xx', async () => {
    // Commits wait until all N deliveries of a run reached the intake, then the
    // scheduler releases them in an order of its choosing.
    let current: {
      s: fc.Scheduler
      expected: number
      arrived: number
      open: () => void
      all: Promise<void>
    } | null = null
    const intake = createMemoryIntake({
      key: KEY,
      gate: async (label) => {
        const run = current
        if (!run) return
        if (++run.arrived === run.expected) run.open()
        await run.all
        await run.s.schedule(Promise.resolve(label), label)
      },
    })
    const app = buildWebhookApp({ intake })
    await app.ready()
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 12 }),
        async (s, ids) => {
          runs++
          let open = () => {}
          const all = new Promise<void>((resolve) => {
            open = resolve
          })
          current = { s, expected: ids.length, arrived: 0, open, all }
          const prefix = `run${runs}-`
          const sends = ids.map((id) => {
            const body = eventBody(prefix + id)
            return app.inject({
              method: 'POST',
              url: WEBHOOK_PATH,
              headers: signedHeaders(body),
              payload: body,
            })
          })
          const answers = await s.waitFor(Promise.all(sends))
          const distinct = new Set(ids).size
          expect(answers.map((r) => r.statusCode)).toEqual(ids.map(() => 202))
          expect(answers.filter((r) => r.json().duplicate === false)).toHaveLength(distinct)
          const rows = [...intake.events.keys()].filter((k) => k.startsWith(prefix))
          expect(rows.sort()).toEqual([...new Set(ids)].sort().map((id) => prefix + id))
          for (const id of new Set(ids)) {
            expect(intake.events.get(prefix + id)?.duplicateCount).toBe(
              ids.filter((x) => x === id).length - 1,
            )
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    )
    current = null
    await app.close()
  })
})
