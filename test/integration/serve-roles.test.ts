// Issue 12's roles gate: a real dashboard app in front of a real workspace controller
// (the demo), with a users file in its data folder. Across every operation of the table
// × every role, exactly the cells the table's role allows are answered by the operation
// (whatever it answers), and the others get 403 in words. Wrong and revoked tokens get
// 401, too many of them 429 with Retry-After; every change is in the audit log with who
// made it; the audit log is for admins; the update WebSocket needs viewer.
import { rm } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readAudit } from '../../src/main/core/audit/audit-log.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
} from '../../src/main/core/workspace/controller.ts'
import { buildDashboardApp } from '../../src/main/serve/dashboard-app.ts'
import { LAUNCH_TOKEN_USER } from '../../src/main/serve/dashboard-guard.ts'
import { addUser, revokeUser, saveUsers } from '../../src/main/serve/users/users-file.ts'
import { createHttpApi } from '../../src/renderer/src/api/http.ts'
import { MonitorApiError } from '../../src/renderer/src/api/link.ts'
import { OPERATION_NAMES, type OperationName, operation, type Role } from '../../src/shared/operations.ts'
import { operationSamples } from '../support/operation-samples.ts'
import { tempDir, waitFor } from '../support/serve.ts'

const LAUNCH = 'launch-token-0123456789abcdef'
const ROLES: Role[] = ['viewer', 'operator', 'admin']
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

let dir = ''
let controller: WorkspaceController
let app: FastifyInstance
let base = ''
let stream = ''
let event = ''
const samples = operationSamples(() => ({ stream, event }))
const tokens = {} as Record<Role | 'revoked', string>

type Outcome = { ok: true } | { ok: false; status: number; code: string; message: string }

async function call(token: string, name: OperationName): Promise<Outcome> {
  const api = createHttpApi(base, token, fetch)
  const fn = api[name] as (...a: unknown[]) => Promise<unknown>
  try {
    await fn(...(samples[name].good() as unknown[]))
    return { ok: true }
  } catch (error) {
    if (!(error instanceof MonitorApiError)) throw error
    return { ok: false, status: error.status, code: error.code, message: error.message }
  }
}

beforeAll(async () => {
  dir = await tempDir('fpm-roles-')
  const viewer = addUser([], 'vera', 'viewer')
  const operator = addUser(viewer.users, 'otto', 'operator')
  const admin = addUser(operator.users, 'ada', 'admin')
  const gone = addUser(admin.users, 'rex', 'admin')
  saveUsers(dir, revokeUser(gone.users, 'rex'))
  Object.assign(tokens, {
    viewer: viewer.token,
    operator: operator.token,
    admin: admin.token,
    revoked: gone.token,
  })
  controller = await startWorkspaceController({
    store: memoryConfigFile(),
    dataDir: dir,
    webhookPort: 0,
    demoSeed: 7,
    demoSpeed: 20,
    fastpixBaseUrl: 'http://127.0.0.1:9/v1/',
    fastpixClient: { timeoutMs: 500, retry: { attempts: 1 } },
    reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
    logger: silentLogger,
    updateIntervalMs: 5,
    monitorOptions: async () => ({}),
  })
  app = await buildDashboardApp({ api: controller.api, token: LAUNCH, dataDir: dir })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  await waitFor(
    async () => (await controller.api.listEvents({ limit: 1 })).events.length > 0,
    15_000,
    'a demo event',
  )
  await controller.session().demo?.simulator.stop()
  stream = (await controller.api.getSnapshot()).streams[0]?.id ?? ''
  event = (await controller.api.listEvents({ limit: 1 })).events[0]?.id ?? ''
}, 30_000)

afterAll(async () => {
  await app?.close()
  await controller?.stop()
  await rm(dir, { recursive: true, force: true })
})

const ARTICLE: Record<Role, string> = { viewer: 'a viewer', operator: 'an operator', admin: 'an admin' }
const NAME: Record<Role, string> = { viewer: 'vera', operator: 'otto', admin: 'ada' }
const CELLS = OPERATION_NAMES.flatMap((name) => ROLES.map((role) => [name, role] as const))

describe('the roles gate: every operation × every role', () => {
  it.each(CELLS)('%s as %s', async (name, role) => {
    const needs = operation(name).role
    const outcome = await call(tokens[role], name)
    if (RANK[role] >= RANK[needs]) {
      // Reached: whatever the operation answers, it is never the gate's refusal.
      if (!outcome.ok) {
        expect([401, 403, 429], `${name} as ${role}: ${outcome.message}`).not.toContain(outcome.status)
        expect(outcome.code).not.toBe('forbidden')
      }
    } else {
      expect(outcome).toEqual({
        ok: false,
        status: 403,
        code: 'forbidden',
        message: `This needs the ${needs} role; ${NAME[role]} is ${ARTICLE[role]}.`,
      })
    }
  })

  it('the per-launch token still has every right (the person who started serve)', async () => {
    for (const name of OPERATION_NAMES) {
      const outcome = await call(LAUNCH, name)
      if (!outcome.ok) expect([401, 403, 429], name).not.toContain(outcome.status)
    }
  })
})

describe('the audit log', () => {
  it('has every change with who asked, the refusals by role among them, and secrets redacted', async () => {
    const entries = readAudit(dir, { limit: 1000 })
    const changes = OPERATION_NAMES.filter((n) => operation(n).kind === 'change')
    for (const name of changes) {
      const needs = operation(name).role
      for (const role of ROLES) {
        const mine = entries.filter((e) => e.operation === name && e.user === NAME[role])
        expect(mine.length, `${name} by ${NAME[role]}`).toBeGreaterThanOrEqual(1)
        const refused = RANK[role] < RANK[needs]
        expect(
          mine.every((e) => (e.outcome === 'refused') === refused),
          `${name} by ${role}`,
        ).toBe(true)
      }
      expect(entries.some((e) => e.operation === name && e.user === LAUNCH_TOKEN_USER)).toBe(true)
    }
    // Queries are not changes.
    expect(entries.some((e) => operation(e.operation as OperationName).kind === 'query')).toBe(false)
    const secret = entries.find((e) => e.operation === 'setSigningSecret' && e.outcome !== 'refused')
    expect(secret?.args).toContain('[redacted]')
    expect(secret?.args).not.toContain('c2VjcmV0')
    expect(entries.find((e) => e.outcome === 'refused')?.detail).toMatch(/^This needs the \w+ role; /)
  })

  it('is read by admins through listAudit, newest first, with a limit and a cursor', async () => {
    const admin = createHttpApi(base, tokens.admin, fetch)
    const page = await admin.listAudit({ limit: 3 })
    expect(page).toHaveLength(3)
    expect(Date.parse(page[0]!.at)).toBeGreaterThanOrEqual(Date.parse(page[2]!.at))
    const next = await admin.listAudit({ limit: 3, before: Date.parse(page[2]!.at) })
    for (const e of next) expect(Date.parse(e.at)).toBeLessThan(Date.parse(page[2]!.at))
    const viewer = await call(tokens.viewer, 'listAudit')
    expect(viewer).toMatchObject({ status: 403, message: 'This needs the admin role; vera is a viewer.' })
  })
})

describe('tokens that do not let anyone in', () => {
  it('a revoked token gets 401 in words', async () => {
    const outcome = await call(tokens.revoked, 'getSnapshot')
    expect(outcome).toMatchObject({ ok: false, status: 401, code: 'unauthorized' })
    expect((outcome as { message: string }).message).toMatch(
      /^The token of rex was revoked on .+; ask an admin for a new one\.$/,
    )
  })

  it('the update WebSocket needs a viewer token (or better)', async () => {
    const open = (token: string) =>
      new Promise<number | string>((resolve) => {
        const ws = new WebSocket(
          `${base.replace('http', 'ws')}/api/updates?token=${encodeURIComponent(token)}`,
        )
        ws.on('message', (data) => {
          resolve(JSON.parse(String(data)).type)
          ws.close()
        })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('error', () => {})
      })
    expect(await open(tokens.viewer)).toBe('hello')
    expect(await open('fpm_wrong')).toBe(401)
  })

  it('wrong tokens are limited per address: 429 with Retry-After, even for a good token, until the window ends', async () => {
    let last = 0
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/snapshot`, { headers: { authorization: 'Bearer fpm_guess' } })
      last = res.status
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
          /^Too many wrong tokens from 127\.0\.0\.1; try again in \d+ s\.$/,
        )
        break
      }
      expect(res.status).toBe(401)
    }
    expect(last).toBe(429)
    const good = await fetch(`${base}/api/snapshot`, { headers: { authorization: `Bearer ${tokens.admin}` } })
    expect(good.status).toBe(429)
  })
})

describe('single-user mode (no users file): as before', () => {
  it('only the per-launch token opens, wrong tokens are never limited, and changes are audited as the launch token', async () => {
    const lone = await tempDir('fpm-roles-lone-')
    const solo = await buildDashboardApp({ api: controller.api, token: LAUNCH, dataDir: lone })
    await solo.listen({ host: '127.0.0.1', port: 0 })
    try {
      const address = solo.server.address()
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${url}/api/snapshot`, {
          headers: { authorization: `Bearer ${tokens.admin}` },
        })
        expect(res.status).toBe(401)
        expect(await res.json()).toEqual({
          error: { code: 'unauthorized', message: 'missing or wrong token' },
        })
      }
      const api = createHttpApi(url, LAUNCH, fetch)
      expect((await api.getSnapshot()).streams.length).toBeGreaterThan(0)
      await api.pauseNotifications(null)
      expect(readAudit(lone)).toMatchObject([
        {
          user: LAUNCH_TOKEN_USER,
          operation: 'pauseNotifications',
          outcome: 'ok',
          args: '{"body":{"choice":null}}',
        },
      ])
    } finally {
      await solo.close()
      await rm(lone, { recursive: true, force: true })
    }
  })
})
