// FastPix refusing the workspace's own access token (401, or 403 on a read), on start or
// on any later call: the connection status says so, one "FastPix rejected the access
// token" decision per episode, cleared when a later call succeeds or good credentials
// are entered. Against the fake FastPix REST API (a token revoked or rotated mid-run).
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { type ConfigFile, memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
  type WorkspaceControllerOptions,
} from '../../src/main/core/workspace/controller.ts'
import type { UpdateBatch } from '../../src/shared/api.ts'
import type { Decision } from '../../src/shared/notify.ts'
import { tempDir, waitFor } from '../support/serve.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = 'c0ffee00-1234-4abc-8def-0123456789ab'
const SECRET = 'credentials-test-secret-key-Wx4'
const ROTATED = 'credentials-test-rotated-key-Yz7'
const SIGNING_SECRET = Buffer.from('credentials-test-signing-secret-32').toString('base64')
const TITLE = 'FastPix rejected the access token'
const UNAUTHORIZED =
  'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => {})
})

interface Fixture {
  rest: DemoRestServer
  state: DemoWorkspace
  controller: WorkspaceController
  /** Every credential decision pushed in update batches, across workspace switches. */
  decisions: Decision[]
}

const liveConfig = (secretKey = SECRET): ConfigFile =>
  memoryConfigFile({
    mode: 'live',
    accessTokenId: TOKEN,
    secretKey,
    signingSecret: SIGNING_SECRET,
    publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
  })

async function fixture(
  store: ConfigFile = liveConfig(),
  extra: Partial<WorkspaceControllerOptions> = {},
): Promise<Fixture> {
  const dataDir = await tempDir('fpm-credentials-')
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 6 })
  const state = applyPlanUntil(new DemoWorkspace(plan, () => START + 50_000), plan, 50_000)
  const rest = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET })
  cleanups.push(() => rest.close())
  const decisions: Decision[] = []
  let unsubscribe = () => {}
  const controller = await startWorkspaceController({
    store,
    dataDir,
    webhookPort: 0,
    demoSeed: 7,
    fastpixBaseUrl: rest.url,
    fastpixClient: { timeoutMs: 2000, retry: { attempts: 1 } },
    reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
    logger: silentLogger,
    // Batches slower than a switch: a decision still pending when the workspace switches must go out.
    updateIntervalMs: 200,
    monitorOptions: async () => ({}),
    ...extra,
  })
  unsubscribe = controller.api.onUpdate((batch: UpdateBatch) => {
    decisions.push(...batch.decisions.filter((d) => d.rule === 'credentials'))
  })
  cleanups.push(async () => {
    unsubscribe()
    await controller.stop()
  })
  return { rest, state, controller, decisions }
}

/** The start round and the viewer poll after it are done: nothing of the start is in flight. */
async function ready(f: Fixture): Promise<void> {
  const { api } = f.controller
  await waitFor(async () => (await api.getWorkspaceStatus()).reconcile.lastAt !== null, 5000, 'start round')
  for (const s of f.state.list().filter((x) => x.status === 'active'))
    await waitFor(
      async () => ((await api.getStream(s.def.id))?.viewerCount ?? null) !== null,
      5000,
      'viewers',
    )
}

const rejectedOf = async (c: WorkspaceController) => (await c.api.getWorkspaceStatus()).fastpix.rejected

async function settledDecisions(f: Fixture, count: number): Promise<Decision[]> {
  await waitFor(() => f.decisions.length >= count, 5000, `${count} credential decision(s)`)
  // Anything more would be a second raise of the same episode: give it a moment to show.
  await new Promise((resolve) => setTimeout(resolve, 100))
  await f.controller.session().monitor.flush()
  return f.decisions
}

describe('FastPix rejects the access token', () => {
  it('revoked mid-run: reconcile rounds and stream actions say so, raised once; good credentials clear it', async () => {
    const f = await fixture()
    const { api } = f.controller
    await ready(f)
    expect(await rejectedOf(f.controller)).toBeNull()

    // The token is rotated in the FastPix dashboard: the saved Secret Key no longer works.
    f.rest.setCredentials({ accessTokenId: TOKEN, secretKey: ROTATED })
    const before = Date.now()
    expect(await api.reconcileNow()).toMatchObject({ state: 'error', lastError: UNAUTHORIZED })
    const rejected = await rejectedOf(f.controller)
    expect(rejected).toEqual({
      status: 401,
      message: UNAUTHORIZED,
      during: 'reconcile',
      since: expect.any(Number),
    })
    expect(rejected?.since).toBeGreaterThanOrEqual(before)

    // More refused calls are the same episode: the status keeps its start, nothing is raised again.
    await api.reconcileNow()
    const main = f.state.list().find((s) => s.def.name === 'Main Stage')!
    await expect(api.runStreamAction({ streamId: main.def.id, action: 'disable' })).rejects.toThrow(
      UNAUTHORIZED,
    )
    expect(await rejectedOf(f.controller)).toEqual(rejected)
    const raised = await settledDecisions(f, 1)
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({
      rule: 'credentials',
      title: TITLE,
      outcome: 'raised',
      urgency: 'critical',
      streamId: null,
    })
    expect(raised[0]?.body).toContain('(401)')
    expect(raised[0]?.body).toMatch(/Access Token ID and Secret Key/)

    // The operator enters the new Secret Key: the workspace restarts with it, the episode ends.
    await api.connectWorkspace({
      accessTokenId: TOKEN,
      secretKey: ROTATED,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
    expect(await rejectedOf(f.controller)).toBeNull()
    const all = await settledDecisions(f, 2)
    expect(all.map((d) => [d.title, d.outcome])).toEqual([
      [TITLE, 'raised'],
      ['FastPix accepts the access token again', 'raised'],
    ])
    expect(await api.reconcileNow()).toMatchObject({ state: 'idle', lastError: null })
    expect(await rejectedOf(f.controller)).toBeNull()
  })

  it('refused at start: the start-up check says so at once', async () => {
    const f = await fixture(liveConfig('a-secret-key-that-was-never-right'))
    const rejected = await waitFor(() => rejectedOf(f.controller).then((r) => r ?? undefined), 5000)
    expect(rejected).toMatchObject({ status: 401, message: UNAUTHORIZED })
    expect(['check', 'reconcile']).toContain(rejected.during)
    const connection = await f.controller.api.getWorkspaceStatus()
    expect(connection.fastpix).toMatchObject({ state: 'error', credentialsSet: true })
    const raised = await settledDecisions(f, 1)
    expect(raised.map((d) => d.title)).toEqual([TITLE])
  })

  it('a refusal that passes (FastPix answered 401 for a while): the next good call clears it', async () => {
    const f = await fixture(liveConfig(), { reconcile: { intervalMs: 0, viewersIntervalMs: 40 } })
    await ready(f)
    // Only the viewer-count polls are refused at first.
    f.rest.setFaults({ status: 401, path: /\/viewer-count$/ })
    const rejected = await waitFor(() => rejectedOf(f.controller).then((r) => r ?? undefined), 5000)
    expect(rejected).toMatchObject({ status: 401, during: 'viewers' })
    f.rest.setFaults(undefined)
    await waitFor(async () => (await rejectedOf(f.controller)) === null, 5000, 'cleared')
    const all = await settledDecisions(f, 2)
    expect(all.map((d) => d.title)).toEqual([TITLE, 'FastPix accepts the access token again'])
  })

  it('403 on a read is a rejection; 403 on a stream action only means the token cannot write', async () => {
    const f = await fixture()
    const { api } = f.controller
    await ready(f)
    f.rest.setPermission('read')
    const idle = f.state.list().find((s) => s.status !== 'active')!
    await expect(api.runStreamAction({ streamId: idle.def.id, action: 'disable' })).rejects.toThrow('403')
    expect((await api.getWorkspaceStatus()).actions.denied).toContain('403')
    expect(await rejectedOf(f.controller)).toBeNull()

    f.rest.setFaults({ status: 403, path: (_path, method) => method === 'GET' })
    await api.reconcileNow()
    expect(await rejectedOf(f.controller)).toMatchObject({ status: 403, during: 'reconcile' })
    expect((await settledDecisions(f, 1)).map((d) => d.title)).toEqual([TITLE])
  })

  it('a token deleted in FastPix (revoked): refused until new credentials are entered', async () => {
    const f = await fixture()
    const { api } = f.controller
    await ready(f)
    f.rest.revokeToken()
    await api.reconcileNow()
    expect(await rejectedOf(f.controller)).toMatchObject({ status: 401 })
    // The connect form's own check with other credentials is not the workspace's token: no change.
    expect(await api.testCredentials({ accessTokenId: TOKEN, secretKey: SECRET })).toMatchObject({
      state: 'error',
    })
    expect(await rejectedOf(f.controller)).toMatchObject({ status: 401 })
    f.rest.setCredentials({ accessTokenId: 'another-token', secretKey: ROTATED })
    await api.connectWorkspace({
      accessTokenId: 'another-token',
      secretKey: ROTATED,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
    expect(await rejectedOf(f.controller)).toBeNull()
    expect((await settledDecisions(f, 2)).map((d) => d.title)).toEqual([
      TITLE,
      'FastPix accepts the access token again',
    ])
  })
})
