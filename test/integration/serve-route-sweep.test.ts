// T5: deny by default on the dashboard listener. Every registered route (collected
// from the app itself, so a new route is swept without touching this file) × every
// spelling of its path, sent raw over a socket with a valid Host and no token:
// none may answer 2xx or 101, and no API handler may run. With the token, each
// route's canonical spelling is let through (positive control). Run on the default
// loopback listener and on an exposed one (`--listen 127.0.0.2 --public-host …`: a
// non-default loopback address takes the non-loopback path without leaving the machine).
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

/** Where the listener is bound, and the Host the sweep's requests name. */
interface Binding {
  address: string
  publicHosts: string[]
  /** The Host header sent (a name the guard accepts). */
  host: (port: number) => string
}
const LOOPBACK: Binding = { address: '127.0.0.1', publicHosts: [], host: (port) => `127.0.0.1:${port}` }
const EXPOSED: Binding = {
  address: '127.0.0.2',
  publicHosts: ['monitor.example.com', '127.0.0.2'],
  host: () => 'monitor.example.com',
}

describe.each([
  ['the built page (@fastify/static), loopback', true, LOOPBACK],
  ['the fallback page, loopback', false, LOOPBACK],
  ['the built page (@fastify/static), exposed on 127.0.0.2', true, EXPOSED],
])('route sweep with %s (T5)', (_name, withStatic, binding) => {
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
    app = await buildDashboardApp({
      api: counting.api,
      token: TOKEN,
      staticDir: withStatic ? dir : null,
      publicHosts: binding.publicHosts,
    })
    await app.listen({ host: binding.address, port: 0 })
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
      pathSpellings(concretePath(route.url), port, binding.address).map((target) => ({ route, target })),
    )
    const before = counting.calls()
    const leaks: string[] = []
    const statuses = new Map<number, number>()
    let next = 0
    const worker = async (): Promise<void> => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const { head, body } = sweepRequest(job.route, job.target, port, null, binding.host(port))
        const status = await rawStatus(port, head, body, 5000, binding.address)
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
      const { head, body } = sweepRequest(route, path, port, TOKEN, binding.host(port))
      const status = await rawStatus(port, head, body, 5000, binding.address)
      if (status === 401 || status === 403) refused.push(`${route.method} ${path} → ${status}`)
      if (route.websocket && route.method === 'GET') expect(status).toBe(101)
    }
    expect(refused).toEqual([])
  })

  it('public page routes answer without the token, but never upgrade', async () => {
    for (const route of routes.filter((r) => r.access === 'public' && r.method === 'GET')) {
      const path = concretePath(route.url)
      const plain = sweepRequest(route, path, port, null, binding.host(port))
      expect(await rawStatus(port, plain.head, '', 5000, binding.address), path).toBe(200)
      const upgrade = sweepRequest({ ...route, websocket: true }, path, port, null, binding.host(port))
      expect(await rawStatus(port, upgrade.head, '', 5000, binding.address), `upgrade ${path}`).not.toBe(101)
    }
  })

  it('still checks Host and Origin on public and unmatched routes', async () => {
    const head = (target: string, extra: string) =>
      `GET ${target} HTTP/1.1\r\nHost: ${binding.host(port)}\r\n${extra}Connection: close\r\n\r\n`
    const status = (request: string) => rawStatus(port, request, '', 5000, binding.address)
    expect(await status(`GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)).toBe(403)
    expect(await status(head('/', 'Origin: http://evil.example\r\n'))).toBe(403)
    expect(await status(head('/nothing/here', 'Origin: http://evil.example\r\n'))).toBe(403)
    // An absolute-form target names the host too: it must be this listener as well.
    expect(await status(head(`http://evil.example/api/snapshot?token=${TOKEN}`, ''))).toBe(403)
    // Forwarded headers are not believed without --trust-proxy.
    expect(await status(head('/', 'X-Forwarded-Host: evil.example\r\n'))).toBe(200)
    expect(await status(head('/', `Origin: http://${binding.host(port)}\r\n`))).toBe(200)
    expect(
      await status(head('/', `Origin: https://${binding.host(port)}\r\nX-Forwarded-Proto: https\r\n`)),
    ).toBe(403)
  })
})
