// The workspace controller end to end on 127.0.0.1: first run in the demo, checking and
// connecting a real workspace (the fake FastPix REST API with known credentials, a fake
// ngrok connector), the live session's folder, tunnel and public URL, held deliveries and
// the signing secret, the probe, the "old URL" warning across a restart, switching back.
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { deliveryBytes } from '../../src/main/core/demo/payloads.ts'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { RequestError } from '../../src/main/core/errors.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { type TunnelConnector, TunnelError } from '../../src/main/core/tunnel/types.ts'
import { type ConfigFile, EMPTY_CONFIG, memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
  type WorkspaceControllerOptions,
} from '../../src/main/core/workspace/controller.ts'
import type { UpdateBatch } from '../../src/shared/api.ts'
import type { ConnectInput } from '../../src/shared/workspace.ts'
import { rawRequest } from '../support/http.ts'
import { tempDir, waitFor } from '../support/serve.ts'
import { checked } from '../support/transports.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = 'e1d2c3b4-a5f6-4789-8abc-def012345678'
const SECRET = 'controller-test-secret-key-Pq7'
const AUTHTOKEN = '2bcdEFGhijKLMnop_4qrsTUVwxyZ1234567890'
const TUNNEL_URL = 'https://fpm-live-test.ngrok.app'
const OLD_HOST = 'fpm-old-tunnel.ngrok.app'
const SIGNING_SECRET = Buffer.from('controller-test-signing-secret-32b').toString('base64')

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => {})
})

interface Fixture {
  dataDir: string
  rest: DemoRestServer
  state: DemoWorkspace
  plan: ReturnType<typeof buildDemoPlan>
  connects: number[]
  connector: TunnelConnector
}

/** A data folder, the fake FastPix with six streams, and a connector that is online at once. */
async function fixture(): Promise<Fixture> {
  const dataDir = await tempDir('fpm-controller-')
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 6 })
  const state = applyPlanUntil(new DemoWorkspace(plan, () => START + 50_000), plan, 50_000)
  const rest = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET })
  cleanups.push(() => rest.close())
  const connects: number[] = []
  const connector: TunnelConnector = {
    async connect(request) {
      connects.push(request.upstream.port)
      expect(request.upstream.host).toBe('127.0.0.1')
      expect(request.authtoken).toBe(AUTHTOKEN)
      return { url: TUNNEL_URL, close: async () => {} }
    },
  }
  return { dataDir, rest, state, plan, connects, connector }
}

async function start(
  f: Fixture,
  store: ConfigFile,
  extra: Partial<WorkspaceControllerOptions> = {},
): Promise<WorkspaceController> {
  const controller = await startWorkspaceController({
    store,
    dataDir: f.dataDir,
    webhookPort: 0,
    demoSeed: 7,
    fastpixBaseUrl: f.rest.url,
    fastpixClient: { timeoutMs: 2000, retry: { attempts: 1 } },
    connector: f.connector,
    tunnelTimeoutMs: 2000,
    reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
    logger: silentLogger,
    updateIntervalMs: 5,
    monitorOptions: async () => ({}),
    ...extra,
  })
  cleanups.push(() => controller.stop())
  return controller
}

const ngrok = (secretKey = SECRET): ConnectInput => ({
  accessTokenId: TOKEN,
  secretKey,
  publicUrl: { mode: 'ngrok', authtoken: AUTHTOKEN },
})

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Error)
  return error as Error
}

const UNAUTHORIZED =
  'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.'

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return rawRequest(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', connection: 'close', ...headers },
  })
}

/** A realistic delivery of the plan (Main Stage going active), signed with SIGNING_SECRET. */
function signedDelivery(f: Fixture): { body: string; signature: string } {
  const d = f.plan.deliveries.find((x) => x.type === 'video.live_stream.active' && x.duplicateOf === null)
  if (!d) throw new Error('plan without an active event')
  const body = deliveryBytes(d.body)
  return { body, signature: sign(Buffer.from(body), decodeSigningSecret(SIGNING_SECRET) as Buffer) }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

describe('first run and the demo', () => {
  it('starts in the demo as a first run; choosing the demo ends the first run without a switch', async () => {
    const f = await fixture()
    const store = memoryConfigFile()
    const controller = await start(f, store)
    const first = await controller.api.getWorkspaceStatus()
    expect(first).toMatchObject({
      mode: 'demo',
      generation: 1,
      firstRun: true,
      persistent: false,
      fastpix: { state: 'unset', credentialsSet: false, idHint: null },
      publicUrl: { mode: null, url: null, webhookUrl: null },
      tunnel: null,
    })
    expect(existsSync(join(f.dataDir, 'workspaces', 'demo', 'monitor.sqlite'))).toBe(true)
    const session = controller.session()
    expect(session.demo).not.toBeNull()

    const chosen = await controller.api.useDemo()
    expect(chosen).toMatchObject({ mode: 'demo', generation: 1, firstRun: false })
    expect(controller.session()).toBe(session)
    expect((await store.load()).mode).toBe('demo')
    // The demo signs its own deliveries and reconciles against its own fake REST API.
    const refused = await rejection(controller.api.setSigningSecret(SIGNING_SECRET))
    expect(refused).toBeInstanceOf(RequestError)
    expect((refused as RequestError).statusCode).toBe(409)
    expect((await store.load()).signingSecret).toBeNull()
    expect(await controller.api.reconcileNow()).toMatchObject({ state: 'idle', lastError: null })
  })
})

describe('checking credentials', () => {
  it('a wrong secret is an error with the 401 explanation; the right one counts the streams; read-only works', async () => {
    const f = await fixture()
    const controller = await start(f, memoryConfigFile())
    const wrong = await controller.api.testCredentials({ accessTokenId: TOKEN, secretKey: 'wrong-key' })
    expect(wrong).toMatchObject({ state: 'error', error: UNAUTHORIZED, streams: null })
    expect(wrong.checkedAt).toEqual(expect.any(Number))
    expect(JSON.stringify(wrong)).not.toContain('wrong-key')

    expect(await controller.api.testCredentials({ accessTokenId: TOKEN, secretKey: SECRET })).toMatchObject({
      state: 'ok',
      error: null,
      streams: 6,
    })
    // Checking is a read: a token without Write permission verifies too.
    f.rest.setPermission('read')
    // Through the transport's validation, which trims and refuses empty values.
    const api = checked(controller.api)
    expect(await api.testCredentials({ accessTokenId: ` ${TOKEN} `, secretKey: SECRET })).toMatchObject({
      state: 'ok',
      streams: 6,
    })
    // Empty values never reach FastPix.
    expect(await rejection(api.testCredentials({ accessTokenId: '', secretKey: SECRET }))).toBeInstanceOf(
      ZodError,
    )
    // Testing saves nothing and switches nothing.
    expect((await controller.api.getWorkspaceStatus()).mode).toBe('demo')
  })
})

describe('connecting a workspace', () => {
  it('bad credentials: refused in words, nothing saved, still the demo', async () => {
    const f = await fixture()
    const store = memoryConfigFile()
    const controller = await start(f, store)
    const error = await rejection(controller.api.connectWorkspace(ngrok('wrong-key')))
    expect(error).toBeInstanceOf(RequestError)
    expect(error.message).toBe(UNAUTHORIZED)
    expect(await store.load()).toEqual(EMPTY_CONFIG)
    expect(await controller.api.getWorkspaceStatus()).toMatchObject({
      mode: 'demo',
      generation: 1,
      firstRun: true,
    })
    expect(f.connects).toEqual([])
  })

  it('good credentials with ngrok: saved, switched to the live session with its own folder, tunnel online; listeners keep hearing', async () => {
    const f = await fixture()
    const store = memoryConfigFile()
    const controller = await start(f, store)
    const batches: UpdateBatch[] = []
    controller.api.onUpdate((batch) => batches.push(batch))
    const demo = controller.session()
    const demoPort = Number(new URL(demo.localWebhookUrl).port)

    const status = await controller.api.connectWorkspace(ngrok())
    expect(status).toMatchObject({
      mode: 'live',
      generation: 2,
      firstRun: false,
      fastpix: { state: 'ok', streams: 6, credentialsSet: true, idHint: TOKEN.slice(-4) },
      signingSecretSet: false,
      publicUrl: { mode: 'ngrok', ngrokAuthtokenSet: true, ngrokDomain: null },
    })
    expect(await store.load()).toEqual({
      mode: 'live',
      accessTokenId: TOKEN,
      secretKey: SECRET,
      signingSecret: null,
      publicUrl: { mode: 'ngrok', authtoken: AUTHTOKEN, domain: null },
    })
    // Nothing secret in what the dashboard gets.
    expect(JSON.stringify(status)).not.toContain(SECRET)
    expect(JSON.stringify(status)).not.toContain(AUTHTOKEN)

    const live = controller.session()
    expect(live.mode).toBe('live')
    expect(live.demo).toBeNull()
    expect(existsSync(join(f.dataDir, 'workspaces', 'live', 'monitor.sqlite'))).toBe(true)
    // The demo session is gone: its listener no longer answers.
    expect(await portFree(demoPort)).toBe(true)

    const online = await waitFor(
      async () => {
        const c = await controller.api.getWorkspaceStatus()
        return c.tunnel?.state === 'online' ? c : undefined
      },
      5000,
      'tunnel online',
    )
    expect(f.connects).toEqual([Number(new URL(live.localWebhookUrl).port)])
    expect(online.publicUrl).toMatchObject({ url: TUNNEL_URL, webhookUrl: `${TUNNEL_URL}/webhooks/fastpix` })
    expect(online.tunnel).toMatchObject({ url: TUNNEL_URL, error: null })
    expect((await controller.api.getReceiver()).webhookUrl).toBe(`${TUNNEL_URL}/webhooks/fastpix`)

    // The live workspace is read from FastPix at start: its six streams and their targets are known at once.
    const targets = f.state.list().reduce((n, s) => n + s.targets.filter((t) => t.exists).length, 0)
    expect(targets).toBe(9)
    const reconciled = await waitFor(
      async () => {
        const r = (await controller.api.getWorkspaceStatus()).reconcile
        return r.state === 'idle' && r.corrections === 6 + targets ? r : undefined
      },
      5000,
      'live streams from REST',
    )
    expect(reconciled.lastError).toBeNull()
    const snapshot = await controller.api.getSnapshot()
    expect(snapshot.streams.map((s) => s.id).sort()).toEqual(
      f.state
        .list()
        .map((s) => s.def.id)
        .sort(),
    )

    // A listener registered before the switch hears the live session.
    await post(live.localWebhookUrl, '')
    await waitFor(
      () =>
        batches.some((b) => b.workspace?.mode === 'live' && b.workspace.probeReceivedAt) ? true : undefined,
      5000,
      'live batch',
    )
    expect(batches.some((b) => b.streams.length > 0 && b.workspace?.generation === 2)).toBe(true)
  })

  it('own public URL: the origin is the public URL, no tunnel', async () => {
    const f = await fixture()
    const controller = await start(f, memoryConfigFile())
    // Through the transport's validation, which turns the URL into its origin.
    const status = await checked(controller.api).connectWorkspace({
      accessTokenId: TOKEN,
      secretKey: SECRET,
      publicUrl: { mode: 'own', url: 'https://Monitor.Example.com/' },
    })
    expect(status).toMatchObject({
      mode: 'live',
      tunnel: null,
      publicUrl: {
        mode: 'own',
        url: 'https://monitor.example.com',
        webhookUrl: 'https://monitor.example.com/webhooks/fastpix',
        ngrokAuthtokenSet: false,
      },
    })
    expect(controller.session().tunnel).toBeNull()
    expect(f.connects).toEqual([])
    expect((await controller.api.getReceiver()).webhookUrl).toBe(
      'https://monitor.example.com/webhooks/fastpix',
    )
  })

  it('a tunnel that fails shows the error and no public URL; reconnectTunnel tries again', async () => {
    const f = await fixture()
    let attempts = 0
    const failing: TunnelConnector = {
      async connect() {
        attempts += 1
        throw new TunnelError('config', 'ngrok rejected the authtoken (ERR_NGROK_105).')
      },
    }
    const controller = await start(f, memoryConfigFile(), { connector: failing })
    await controller.api.connectWorkspace(ngrok())
    const failed = await waitFor(
      async () => {
        const c = await controller.api.getWorkspaceStatus()
        return c.tunnel?.state === 'error' ? c : undefined
      },
      5000,
      'tunnel error',
    )
    expect(failed.tunnel?.error).toContain('ERR_NGROK_105')
    expect(failed.publicUrl).toMatchObject({ mode: 'ngrok', url: null, webhookUrl: null })
    expect(attempts).toBe(1)
    await controller.api.reconnectTunnel()
    await waitFor(() => (attempts === 2 ? true : undefined), 5000, 'second connect')
  })
})

describe('the live session', () => {
  async function liveController(f: Fixture, store = memoryConfigFile()) {
    const controller = await start(f, store)
    await controller.api.connectWorkspace(ngrok())
    await waitFor(
      async () => ((await controller.api.getWorkspaceStatus()).tunnel?.state === 'online' ? true : undefined),
      5000,
      'tunnel online',
    )
    return { controller, store }
  }

  it('holds deliveries until the signing secret is set; setting it releases them and is saved', async () => {
    const f = await fixture()
    const { controller, store } = await liveController(f)
    const url = controller.session().localWebhookUrl
    const { body, signature } = signedDelivery(f)
    const answer = await post(url, body, { 'fastpix-signature': signature })
    expect(answer.status).toBe(202)
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, held: true })
    expect(await controller.api.getWorkspaceStatus()).toMatchObject({
      heldDeliveries: 1,
      signingSecretSet: false,
    })

    expect(await rejection(checked(controller.api).setSigningSecret('not base64!'))).toBeInstanceOf(ZodError)
    expect((await store.load()).signingSecret).toBeNull()

    expect(await controller.api.setSigningSecret(SIGNING_SECRET)).toEqual({ released: 1, rejected: 0 })
    expect((await store.load()).signingSecret).toBe(SIGNING_SECRET)
    expect(await controller.api.getWorkspaceStatus()).toMatchObject({
      heldDeliveries: 0,
      signingSecretSet: true,
    })
    const events = await controller.api.listEvents({ types: ['video.live_stream.active'] })
    expect(events.events.map((e) => e.verification)).toEqual(['verified'])
  })

  it('reconnecting with the same token keeps the signing secret; another token forgets it (deliveries are held, not rejected)', async () => {
    const f = await fixture()
    const store = memoryConfigFile()
    const controller = await start(f, store)
    await controller.api.connectWorkspace(ngrok())
    await controller.api.setSigningSecret(SIGNING_SECRET)
    await controller.api.connectWorkspace(ngrok())
    expect((await store.load()).signingSecret).toBe(SIGNING_SECRET)
    expect((await controller.api.getWorkspaceStatus()).signingSecretSet).toBe(true)

    // Another token (the fake accepts one per server: a second one knows it); one controller at a time.
    await controller.stop()
    const other = await startDemoRest({
      state: f.state,
      accessTokenId: 'another-token-id',
      secretKey: SECRET,
    })
    cleanups.push(() => other.close())
    const elsewhere = await start(f, store, { fastpixBaseUrl: other.url })
    await elsewhere.api.connectWorkspace({ ...ngrok(), accessTokenId: 'another-token-id' })
    expect(await store.load()).toMatchObject({ accessTokenId: 'another-token-id', signingSecret: null })
    const connection = await elsewhere.api.getWorkspaceStatus()
    expect(connection).toMatchObject({ mode: 'live', signingSecretSet: false })
    const { body, signature } = signedDelivery(f)
    const answer = await post(elsewhere.session().localWebhookUrl, body, { 'fastpix-signature': signature })
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, held: true })
  })

  it('an unsigned probe sets probeReceivedAt', async () => {
    const f = await fixture()
    const { controller } = await liveController(f)
    expect((await controller.api.getWorkspaceStatus()).probeReceivedAt).toBeNull()
    const before = Date.now()
    const answer = await post(controller.session().localWebhookUrl, '{}')
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ ok: true, probe: true })
    const probed = (await controller.api.getWorkspaceStatus()).probeReceivedAt
    expect(probed).toBeGreaterThanOrEqual(before)
    expect(probed).toBeLessThanOrEqual(Date.now())
  })

  it('a delivery to an old public URL warns with both URLs, and the warning survives a restart', async () => {
    const f = await fixture()
    const store = memoryConfigFile()
    const { controller } = await liveController(f, store)
    await controller.api.setSigningSecret(SIGNING_SECRET)
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBeNull()
    // Only new, verified deliveries tell where FastPix posts (W11): two of the plan's events.
    const [current, old] = f.plan.deliveries
      .filter((d) => d.duplicateOf === null)
      .slice(0, 2)
      .map((d) => {
        const body = deliveryBytes(d.body)
        return { body, signature: sign(Buffer.from(body), decodeSigningSecret(SIGNING_SECRET) as Buffer) }
      })
    if (!current || !old) throw new Error('plan without two deliveries')
    // Through the current URL: no warning.
    await post(controller.session().localWebhookUrl, current.body, {
      host: new URL(TUNNEL_URL).host,
      'x-forwarded-proto': 'https',
      'fastpix-signature': current.signature,
    })
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBeNull()
    // FastPix still posts to the old tunnel's URL (ngrok passes Host through).
    await post(controller.session().localWebhookUrl, old.body, {
      host: OLD_HOST,
      'x-forwarded-proto': 'https',
      'fastpix-signature': old.signature,
    })
    const expected = `FastPix is configured with the old URL (https://${OLD_HOST}) — update it to ${TUNNEL_URL}/webhooks/fastpix`
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBe(expected)

    await controller.stop()
    expect(existsSync(join(f.dataDir, 'workspaces', 'live', 'delivery-origin.json'))).toBe(true)
    const again = await start(f, store)
    expect(again.session().mode).toBe('live')
    const restored = await waitFor(
      async () => {
        const c = await again.api.getWorkspaceStatus()
        return c.tunnel?.state === 'online' ? c : undefined
      },
      5000,
      'tunnel online after restart',
    )
    expect(restored.urlWarning).toBe(expected)
  })

  it('switching back to the demo: a new generation, the live data kept in its own folder', async () => {
    const f = await fixture()
    const { controller, store } = await liveController(f)
    const liveStream = f.state.list()[0]?.def.id ?? ''
    await waitFor(
      async () => ((await controller.api.getStream(liveStream)) ? true : undefined),
      5000,
      'live stream known',
    )
    const status = await controller.api.useDemo()
    expect(status).toMatchObject({ mode: 'demo', generation: 3, firstRun: false, tunnel: null })
    expect(status.publicUrl).toMatchObject({ mode: null, url: null })
    expect(status.fastpix).toMatchObject({ state: 'unset', credentialsSet: false })
    // The credentials stay saved for the next switch; only the mode changed.
    expect(await store.load()).toMatchObject({ mode: 'demo', accessTokenId: TOKEN, secretKey: SECRET })
    expect(controller.session().mode).toBe('demo')
    expect(await controller.api.getStream(liveStream)).toBeNull()
    expect(existsSync(join(f.dataDir, 'workspaces', 'live', 'monitor.sqlite'))).toBe(true)
    expect(existsSync(join(f.dataDir, 'workspaces', 'demo', 'monitor.sqlite'))).toBe(true)
  })

  it('stop() releases the webhook port', async () => {
    const f = await fixture()
    const { controller } = await liveController(f)
    const port = Number(new URL(controller.session().localWebhookUrl).port)
    expect(await portFree(port)).toBe(false)
    await controller.stop()
    expect(await portFree(port)).toBe(true)
  })
})

describe('without credentials', () => {
  it('a live workspace forced without credentials cannot reconcile (409, in words)', async () => {
    const f = await fixture()
    const controller = await start(f, memoryConfigFile(), { forceMode: 'live' })
    expect(await controller.api.getWorkspaceStatus()).toMatchObject({
      mode: 'live',
      firstRun: false,
      fastpix: { state: 'unset', credentialsSet: false },
      reconcile: { state: 'off' },
    })
    const error = await rejection(controller.api.reconcileNow())
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).statusCode).toBe(409)
    expect(error.message).toMatch(/Access Token ID and Secret Key/)
  })
})

describe('operator actions through FastPix', () => {
  const live = (): ConfigFile =>
    memoryConfigFile({
      mode: 'live',
      accessTokenId: TOKEN,
      secretKey: SECRET,
      signingSecret: SIGNING_SECRET,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })

  it('disable and enable a stream, stop a simulcast target: FastPix changes, and the monitor follows at once', async () => {
    const f = await fixture()
    const controller = await start(f, live())
    const { api } = controller
    await waitFor(async () => (await api.getWorkspaceStatus()).reconcile.lastAt !== null)
    expect((await api.getWorkspaceStatus()).actions).toEqual({ available: true, denied: null })
    const main = f.state.list().find((s) => s.def.name === 'Main Stage')!
    const target = main.targets.find((t) => t.exists)!

    await api.runStreamAction({ streamId: main.def.id, action: 'disable' })
    expect(f.state.get(main.def.id)?.status).toBe('disabled')
    await waitFor(async () => (await api.getStream(main.def.id))?.status === 'disabled')
    await controller.session().monitor.flush()
    const transitions = await api.listTransitions({ streamId: main.def.id })
    expect(transitions.some((t) => t.cause === 'reconcile' && t.toStatus === 'disabled')).toBe(true)

    await api.runStreamAction({ streamId: main.def.id, action: 'enable' })
    await waitFor(async () => (await api.getStream(main.def.id))?.status === 'idle')

    await api.runStreamAction({ streamId: main.def.id, simulcastId: target.def.id, action: 'disable-target' })
    expect(target.isEnabled).toBe(false)
    await waitFor(
      async () =>
        (await api.getStream(main.def.id))?.simulcastTargets.find((t) => t.id === target.def.id)?.enabled ===
        false,
    )
  })

  it('FastPix’s refusal comes back in words; a read-only token (403) is remembered and shown', async () => {
    const f = await fixture()
    const controller = await start(f, live())
    const { api } = controller
    // Only an active stream can be finished: FastPix says so for the one still preparing.
    const idle = f.state.list().find((s) => s.status !== 'active')!
    const finish = await rejection(api.runStreamAction({ streamId: idle.def.id, action: 'finish' }))
    expect(finish.name).toBe('RequestError')
    expect(finish.message).toMatch(/active/i)
    expect(f.state.get(idle.def.id)?.status).toBe(idle.status)

    f.rest.setPermission('read')
    const denied = await rejection(api.runStreamAction({ streamId: idle.def.id, action: 'disable' }))
    expect(denied.message).toContain('403')
    expect((await api.getWorkspaceStatus()).actions.denied).toContain('403')
    expect(f.state.get(idle.def.id)?.status).toBe(idle.status)
    // The transport refuses an id that is not a FastPix id before anything reaches FastPix.
    await expect(
      checked(api).runStreamAction({ streamId: '../x', action: 'disable' } as never),
    ).rejects.toThrow()
  })
})

describe('switching safely', () => {
  const liveOwn = (): ConfigFile =>
    memoryConfigFile({
      mode: 'live',
      accessTokenId: TOKEN,
      secretKey: SECRET,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })

  it('a workspace that cannot start: refused in words (409), the one before runs again, nothing saved', async () => {
    const f = await fixture()
    // The live workspace's webhook port is taken: its session cannot start.
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => busy.close(resolve)))
    const port = (busy.address() as { port: number }).port
    const store = memoryConfigFile()
    const controller = await start(f, store, { webhookPort: port, demoWebhookPort: 0 })

    const error = await rejection(controller.api.connectWorkspace(ngrok()))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).statusCode).toBe(409)
    expect(error.message).toMatch(/^Could not start the FastPix workspace: .*EADDRINUSE/)
    expect(await store.load()).toEqual(EMPTY_CONFIG)
    // The demo runs again (a fresh session): every operation answers. Not a switch: the
    // page keeps its generation (no reload) and shows the refusal.
    const session = controller.session()
    expect(session.mode).toBe('demo')
    expect(await controller.api.listEvents({})).toMatchObject({ events: expect.any(Array) })
    expect(await controller.api.getWorkspaceStatus()).toMatchObject({
      mode: 'demo',
      generation: 1,
      firstRun: true,
      fastpix: { state: 'unset' },
    })
    const probe = await post(session.localWebhookUrl, '{}')
    expect(probe.status).toBe(200)
  })

  it('update numbers go on growing across a switch (a page drops batches numbered at or below the last it saw)', async () => {
    const f = await fixture()
    const controller = await start(f, memoryConfigFile())
    const batches: UpdateBatch[] = []
    controller.api.onUpdate((batch) => batches.push(batch))
    const demoUrl = controller.session().localWebhookUrl
    for (let i = 0; i < 12; i++) {
      const seen = batches.length
      await post(demoUrl, '{}')
      await waitFor(() => (batches.length > seen ? true : undefined), 5000, 'a batch per probe')
    }
    const before = Math.max(...batches.map((b) => b.seq))
    expect(before).toBeGreaterThanOrEqual(12)
    expect((await controller.api.getSnapshot()).seq).toBe(before)

    await controller.api.connectWorkspace({
      accessTokenId: TOKEN,
      secretKey: SECRET,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
    const snapshot = await controller.api.getSnapshot()
    expect(snapshot.seq).toBeGreaterThanOrEqual(before)
    await post(controller.session().localWebhookUrl, '{}')
    const live = await waitFor(
      () => batches.find((b) => b.workspace?.generation === 2),
      5000,
      'a batch of the live session',
    )
    expect(live.seq).toBeGreaterThan(before)
    const seqs = batches.map((b) => b.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('operations made while a switch is under way wait for it and reach the new workspace', async () => {
    const f = await fixture()
    let controller: WorkspaceController | undefined
    let during: Promise<PromiseSettledResult<unknown>[]> | undefined
    controller = await start(f, liveOwn(), {
      // Called for the demo once the live session is already stopped.
      monitorOptions: async (dir) => {
        if (controller && dir.endsWith('demo'))
          during = Promise.allSettled([
            controller.api.listEvents({}),
            controller.api.setSigningSecret(SIGNING_SECRET),
          ])
        return {}
      },
    })
    expect(controller.session().mode).toBe('live')
    await controller.api.useDemo()
    expect(during).toBeDefined()
    const [events, secret] = await (during as Promise<PromiseSettledResult<unknown>[]>)
    expect(events?.status).toBe('fulfilled')
    expect(secret?.status).toBe('rejected')
    const refused = (secret as PromiseRejectedResult).reason as RequestError
    expect(refused).toBeInstanceOf(RequestError)
    expect(refused.statusCode).toBe(409)
  })

  it('a slow check of the credentials saved earlier never overwrites the check of newer ones', async () => {
    const f = await fixture()
    const store = memoryConfigFile({
      mode: 'live',
      accessTokenId: TOKEN,
      secretKey: 'an-old-wrong-key',
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
    // The first two requests (the start's reconcile round and credential check) answer late, with 401.
    const delayMs = 800
    f.rest.setFaults({ delayMs, times: 2 })
    const controller = await start(f, store)
    expect((await controller.api.getWorkspaceStatus()).fastpix.state).toBe('checking')
    const connected = await controller.api.connectWorkspace({
      accessTokenId: TOKEN,
      secretKey: SECRET,
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
    expect(connected.fastpix).toMatchObject({ state: 'ok', streams: 6 })
    // Long enough for the old check's 401 to have come back.
    await new Promise((resolve) => setTimeout(resolve, delayMs + 1200))
    expect((await controller.api.getWorkspaceStatus()).fastpix).toMatchObject({ state: 'ok', error: null })
  })

  it('settings that cannot be saved are refused in words (409), and nothing switches', async () => {
    const f = await fixture()
    const store: ConfigFile = {
      ...memoryConfigFile(),
      save: async () => {
        throw new Error('the disk is full')
      },
    }
    const controller = await start(f, store)
    const error = await rejection(controller.api.connectWorkspace(ngrok()))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).statusCode).toBe(409)
    expect(error.message).toBe('The connection settings could not be saved: the disk is full')
    expect(controller.session().mode).toBe('demo')
    expect(f.connects).toEqual([])
  })

  it('a signing secret the schema lets through but that is not Base64 is refused in words', async () => {
    const f = await fixture()
    const store = liveOwn()
    const controller = await start(f, store)
    const error = await rejection(controller.api.setSigningSecret('abcd-efgh_ijkl'))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).statusCode).toBe(400)
    expect(error.message).toMatch(/not valid Base64/)
    expect((await store.load()).signingSecret).toBeNull()
  })
})
