// T5: deny by default on the dashboard listener. Every registered route (collected
// from the app itself, so a new route is swept without touching this file) × every
// spelling of its path, sent raw over a socket with a valid Host and no token:
// none may answer 2xx or 101, and no API handler may run. With the token, each
// route's canonical spelling is let through (positive control).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildDashboardApp,
  type DashboardRoute,
  dashboardRoutes,
} from '../../src/main/serve/dashboard-app.ts'
import type { MonitorApi } from '../../src/shared/api.ts'
import { pathSpellings, rawStatus, sweepRequest } from '../support/route-sweep.ts'
import { tempDir } from '../support/serve.ts'

const TOKEN = 'sweep-token-0123456789abcdef'
/** The page and its files: the only routes allowed to declare themselves public. */
const PAGE_URLS = new Set(['/', '/*'])

/** A MonitorApi that answers anything and counts how often a handler reached it. */
function countingApi(): { api: MonitorApi; calls: () => number } {
  let calls = 0
  const api = new Proxy(
    {},
    {
      get: (_target, name) =>
        name === 'onUpdate'
          ? () => {
              calls++
              return () => {}
            }
          : async () => {
              calls++
              return {}
            },
    },
  ) as MonitorApi
  return { api, calls: () => calls }
}

/** A concrete path for a route pattern (`:id` → `s1`, `/*` → a page asset). */
function concretePath(url: string): string {
  return url.replace(/:[a-zA-Z]+/g, 's1').replace(/\*$/, 'assets/app.js')
}

describe.each([
  ['the built page (@fastify/static)', true],
  ['the fallback page', false],
])('route sweep with %s (T5)', (_name, withStatic) => {
  let app: FastifyInstance
  let port = 0
  let dir = ''
  let routes: DashboardRoute[] = []
  const counting = countingApi()

  beforeAll(async () => {
    dir = await tempDir('fpm-sweep-')
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>page</title>')
    await writeFile(join(dir, 'assets/app.js'), 'console.log(1)')
    app = await buildDashboardApp({ api: counting.api, token: TOKEN, staticDir: withStatic ? dir : null })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    port = typeof address === 'object' && address ? address.port : 0
    routes = dashboardRoutes(app)
  })
  afterAll(async () => {
    await app.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('collects every route, and only the page declares itself public', () => {
    expect(routes.length).toBeGreaterThan(30)
    expect(routes.some((r) => r.websocket && r.url === '/api/updates')).toBe(true)
    const publicUrls = routes.filter((r) => r.access === 'public').map((r) => r.url)
    expect(publicUrls.length).toBeGreaterThan(0)
    for (const url of publicUrls) expect(PAGE_URLS).toContain(url)
  })

  it('no spelling of a token-only route answers 2xx or 101 without the token', async () => {
    const guarded = routes.filter((r) => r.access === 'token')
    const jobs = guarded.flatMap((route) =>
      pathSpellings(concretePath(route.url), port).map((target) => ({ route, target })),
    )
    const before = counting.calls()
    const leaks: string[] = []
    const statuses = new Map<number, number>()
    let next = 0
    const worker = async (): Promise<void> => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const { head, body } = sweepRequest(job.route, job.target, port, null)
        const status = await rawStatus(port, head, body)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if ((status >= 200 && status < 300) || status === 101)
          leaks.push(`${job.route.method} ${job.target} → ${status}`)
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    const perRoute = Math.round(jobs.length / guarded.length)
    console.log(
      `T5 sweep (${_name}): ${guarded.length} token-only routes (WebSocket included) × ~${perRoute} spellings = ${jobs.length} raw requests; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    )
    expect(leaks).toEqual([])
    expect(counting.calls() - before).toBe(0)
  }, 180_000)

  it('positive control: with the token every canonical spelling gets past the guard', async () => {
    const refused: string[] = []
    for (const route of routes) {
      const path = concretePath(route.url)
      const { head, body } = sweepRequest(route, path, port, TOKEN)
      const status = await rawStatus(port, head, body)
      if (status === 401 || status === 403) refused.push(`${route.method} ${path} → ${status}`)
      if (route.websocket && route.method === 'GET') expect(status).toBe(101)
    }
    expect(refused).toEqual([])
  })

  it('public page routes answer without the token, but never upgrade', async () => {
    for (const route of routes.filter((r) => r.access === 'public' && r.method === 'GET')) {
      const path = concretePath(route.url)
      expect(await rawStatus(port, sweepRequest(route, path, port, null).head), path).toBe(200)
      const upgrade = sweepRequest({ ...route, websocket: true }, path, port, null)
      expect(await rawStatus(port, upgrade.head), `upgrade ${path}`).not.toBe(101)
    }
  })

  it('still checks Host and Origin on public and unmatched routes', async () => {
    const head = (target: string, extra: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`
    expect(await rawStatus(port, `GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)).toBe(
      403,
    )
    expect(await rawStatus(port, head('/', 'Origin: http://evil.example\r\n'))).toBe(403)
    expect(await rawStatus(port, head('/nothing/here', 'Origin: http://evil.example\r\n'))).toBe(403)
    // An absolute-form target names the host too: it must be this listener as well.
    expect(await rawStatus(port, head(`http://evil.example/api/snapshot?token=${TOKEN}`, ''))).toBe(403)
  })
})
