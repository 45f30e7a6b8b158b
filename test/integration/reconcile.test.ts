// The reconciler against a real monitor (SQLite store, health engine) and the fake FastPix
// REST API over a DemoWorkspace truth, on 127.0.0.1: missed webhooks are corrected as
// 'reconcile' transitions, newer webhooks still win, streams heard from just now are left
// alone, a stream turning `unknown` is looked up at once, viewer counts follow, REST
// failures change nothing. Last, a real run of the demo simulator with deliveries dropped.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/main/core/config/settings-file.ts'
import { type DemoHandle, startDemo } from '../../src/main/core/demo/embedded.ts'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { generateDemoSecret } from '../../src/main/core/demo/simulator.ts'
import type { DemoDelivery, DemoPlan } from '../../src/main/core/demo/types.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { normalizeDelivery } from '../../src/main/core/events/normalize.ts'
import { createFastPixClient, type FastPixClient } from '../../src/main/core/fastpix/client.ts'
import { RECONCILED_REASON } from '../../src/main/core/health/engine.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import type { Intake } from '../../src/main/core/receiver/intake.ts'
import {
  buildWebhookApp,
  startWebhookListener,
  WEBHOOK_PATH,
} from '../../src/main/core/receiver/webhook-app.ts'
import { createReconciler, type Reconciler } from '../../src/main/core/reconcile/reconciler.ts'
import type { MonitorSettings } from '../../src/shared/api.ts'
import type { MonitorEvent, StreamSnapshot } from '../../src/shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../src/shared/event-types.ts'
import { tempDir, waitFor } from '../support/serve.ts'
import { live, S, wentLive } from '../unit/main/core/health/factory.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = 'b7e4c0d2-5a1f-4e8b-9c3d-2f6a7b8c9d01'
const SECRET = 'reconcile-test-secret-key-Xw42'
// 50 s into the plan: six streams created; all active except "Conference Hall 2" (preparing).
const OFFSET = 50_000
/** When the reconciler asks FastPix: a minute after the last event (well past the 15 s grace). */
const OBSERVED = START + OFFSET + 60 * S

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => {})
})

async function folder(): Promise<string> {
  const dir = await tempDir('fpm-reconcile-')
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function monitorIn(options: { now?: () => number; settings?: MonitorSettings } = {}): Promise<Monitor> {
  const monitor = await createMonitor({
    dir: await folder(),
    signingSecret: generateDemoSecret(7),
    updateIntervalMs: 5,
    persistIntervalMs: 60_000,
    ...options,
  })
  cleanups.push(() => monitor.close())
  return monitor
}

async function restOver(state: DemoWorkspace): Promise<DemoRestServer> {
  const server = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET })
  cleanups.push(() => server.close())
  return server
}

function clientFor(server: DemoRestServer, secretKey = SECRET): FastPixClient {
  return createFastPixClient({
    baseUrl: server.url,
    accessTokenId: TOKEN,
    secretKey,
    timeoutMs: 2000,
    retry: { attempts: 1 },
  })
}

function reconcilerFor(
  options: Omit<Parameters<typeof createReconciler>[0], 'intervalMs' | 'viewersIntervalMs'> &
    Partial<Parameters<typeof createReconciler>[0]>,
): Reconciler {
  const reconciler = createReconciler({ intervalMs: 0, viewersIntervalMs: 0, ...options })
  cleanups.push(async () => reconciler.stop())
  return reconciler
}

/** A delivery of the plan as the receiver would have made it into an event. */
function eventOf(d: DemoDelivery): MonitorEvent {
  const normalized = normalizeDelivery(d.body, { receivedAt: START + d.atMs, verification: 'verified' })
  if (!normalized.ok) throw new Error(`plan delivery ${d.seq}: ${normalized.reason}`)
  return normalized.event
}

/** The plan's events up to `offset`, minus probes, re-sends and whatever `dropped` says was lost. */
function delivered(plan: DemoPlan, offset: number, dropped: (d: DemoDelivery) => boolean): MonitorEvent[] {
  return plan.deliveries
    .filter((d) => d.atMs <= offset && !d.probe && d.duplicateOf === null && !dropped(d))
    .map(eventOf)
}

async function feed(monitor: Monitor, events: readonly MonitorEvent[]): Promise<void> {
  for (const e of events) await monitor.intake.accept(e)
}

function streamNamed(plan: DemoPlan, name: string) {
  const def = plan.streams.find((s) => s.name === name)
  if (!def) throw new Error(`plan without ${name}`)
  return def
}

const byId = (monitor: Monitor): Map<string, StreamSnapshot> =>
  new Map(monitor.snapshots().map((s) => [s.id, s]))

/** Our picture and FastPix's truth differ on something the reconciler looks at. */
function differences(monitor: Monitor, state: DemoWorkspace): string[] {
  const ours = byId(monitor)
  const out: string[] = []
  for (const truth of state.list()) {
    const mine = ours.get(truth.def.id)
    if (mine?.status !== truth.status) out.push(`${truth.def.name}: ${mine?.status} ≠ ${truth.status}`)
    for (const t of truth.targets.filter((x) => x.exists)) {
      const target = mine?.simulcastTargets.find((x) => x.id === t.def.id)
      if (target?.enabled !== t.isEnabled)
        out.push(`${truth.def.name} target ${t.def.id}: ${target?.enabled} ≠ ${t.isEnabled}`)
    }
  }
  return out
}

async function reconciledEvents(monitor: Monitor): Promise<MonitorEvent[]> {
  const page = await monitor.api.listEvents({ types: [RECONCILED, RECONCILED_TARGET], limit: 1000 })
  return page.events
}

/** A monitor that heard part of the first 50 s, a truth that moved on, and a reconciler between them. */
async function droppedWebhooks() {
  let clock = OBSERVED
  const now = (): number => clock
  const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 6 })
  const state = applyPlanUntil(new DemoWorkspace(plan, now), plan, OFFSET)
  const main = streamNamed(plan, 'Main Stage')
  const studio = streamNamed(plan, 'Studio B')
  const hall = streamNamed(plan, 'Conference Hall 2')
  const lobby = streamNamed(plan, 'Lobby Cam')
  const monitor = await monitorIn({ now })
  // Lost: every event of "Conference Hall 2" (never announced to us), and Studio B's going active.
  await feed(
    monitor,
    delivered(
      plan,
      OFFSET,
      (d) =>
        d.streamId === hall.id ||
        (d.streamId === studio.id &&
          (d.type === 'video.live_stream.active' || d.type === 'video.live_stream.recording')),
    ),
  )
  // What happened after: Main Stage ended, a Lobby Cam target was switched off; no webhook for either.
  state.setStatus(main.id, 'idle')
  const lobbyTarget = lobby.targets[0]
  if (!lobbyTarget) throw new Error('Lobby Cam without targets')
  state.setTargetEnabled(lobby.id, lobbyTarget.id, false)
  const server = await restOver(state)
  const reconciler = reconcilerFor({ client: clientFor(server), monitor, now })
  return {
    plan,
    state,
    monitor,
    server,
    reconciler,
    now,
    main,
    studio,
    hall,
    lobby,
    lobbyTarget,
    setClock: (t: number) => {
      clock = t
    },
  }
}

describe('missed webhooks are corrected from FastPix REST', () => {
  it('one round converges every stream, each correction is a reconcile transition; a second round changes nothing', async () => {
    const { state, monitor, reconciler, main, studio, hall, lobby, lobbyTarget, setClock } =
      await droppedWebhooks()
    const before = byId(monitor)
    const accepted = (await monitor.store.counters()).accepted
    expect(before.get(main.id)?.status).toBe('active')
    expect(before.get(studio.id)?.status).toBe('preparing')
    expect(before.has(hall.id)).toBe(false)
    expect(before.get(lobby.id)?.simulcastTargets.find((t) => t.id === lobbyTarget.id)?.enabled).toBe(true)
    expect(differences(monitor, state)).toHaveLength(4)

    const status = await reconciler.run('asked')
    expect(status).toMatchObject({ state: 'idle', lastAt: OBSERVED, lastError: null, corrections: 4 })
    expect(differences(monitor, state)).toEqual([])
    // Corrections are stored like events but are no deliveries: the receiver's counts stay the truth.
    expect((await monitor.store.counters()).accepted).toBe(accepted)
    expect(monitor.receiverStatus().accepted).toBe(accepted)

    const after = byId(monitor)
    expect(after.get(main.id)).toMatchObject({ status: 'idle', health: 'offline' })
    expect(after.get(studio.id)).toMatchObject({ status: 'active' })
    expect(after.get(hall.id)).toMatchObject({ status: 'preparing', name: 'Conference Hall 2' })
    const target = after.get(lobby.id)?.simulcastTargets.find((t) => t.id === lobbyTarget.id)
    expect(target).toMatchObject({ enabled: false, state: 'disabled' })

    const events = await reconciledEvents(monitor)
    expect(events.map((e) => [e.type, e.streamId, e.simulcastId]).sort()).toEqual(
      [
        [RECONCILED, main.id, null],
        [RECONCILED, studio.id, null],
        [RECONCILED, hall.id, null],
        [RECONCILED_TARGET, lobby.id, lobbyTarget.id],
      ].sort(),
    )
    for (const e of events) {
      expect(e).toMatchObject({ occurredAt: OBSERVED, verification: 'verified' })
      // Nothing secret from the REST answer is kept.
      expect(JSON.stringify(e.payload)).not.toMatch(/streamKey|srtSecret/)
    }
    const mainFix = events.find((e) => e.streamId === main.id)
    expect(mainFix?.payload).toMatchObject({
      source: 'FastPix REST API',
      data: { status: 'idle', previousStatus: 'active', missed: ['status active → idle'] },
    })
    expect(events.find((e) => e.streamId === hall.id)?.payload).toMatchObject({
      data: { status: 'preparing', previousStatus: null, missed: ['stream not seen before'] },
    })

    await monitor.flush()
    const reconciled = (await monitor.api.listTransitions({ limit: 5000 })).filter(
      (t) => t.cause === 'reconcile',
    )
    const fixIds = new Set(events.map((e) => e.id))
    // Every correction shows on the timeline as the reconciler's, in words.
    for (const e of events) expect(reconciled.some((t) => t.eventId === e.id)).toBe(true)
    for (const t of reconciled) {
      expect(fixIds.has(t.eventId ?? '')).toBe(true)
      expect(t.at).toBe(OBSERVED)
      expect(t.reason.startsWith(`${RECONCILED_REASON}: `)).toBe(true)
    }
    expect(reconciled.find((t) => t.streamId === main.id && t.targetId === null)).toMatchObject({
      fromHealth: 'healthy',
      toHealth: 'offline',
      fromStatus: 'active',
      toStatus: 'idle',
    })
    expect(reconciled.find((t) => t.streamId === hall.id && t.targetId === null)).toMatchObject({
      fromHealth: null,
      toStatus: 'preparing',
    })
    expect(reconciled.find((t) => t.targetId === lobbyTarget.id)).toMatchObject({
      streamId: lobby.id,
      toStatus: 'disabled',
    })
    expect(reconciled.filter((t) => t.streamId === studio.id && t.targetId === null)).toHaveLength(1)

    // Idempotent: the picture now agrees with FastPix, so the next round (past the grace of
    // the corrections themselves) has nothing to say.
    setClock(OBSERVED + 30 * S)
    const transitionsBefore = (await monitor.api.listTransitions({ limit: 5000 })).length
    const again = await reconciler.run('asked')
    expect(again).toMatchObject({ state: 'idle', corrections: 4, lastError: null })
    expect(await reconciledEvents(monitor)).toHaveLength(4)
    await monitor.flush()
    expect(await monitor.api.listTransitions({ limit: 5000 })).toHaveLength(transitionsBefore)
  })

  it('a stream FastPix no longer lists is marked deleted', async () => {
    const { state, monitor, reconciler, main } = await droppedWebhooks()
    const gone = state.get(main.id)
    if (!gone) throw new Error('Main Stage missing')
    gone.exists = false
    await reconciler.run('asked')
    expect(byId(monitor).get(main.id)).toMatchObject({ status: 'deleted', health: 'offline' })
    const fix = (await reconciledEvents(monitor)).find((e) => e.streamId === main.id)
    expect(fix?.payload).toMatchObject({ data: { status: 'deleted', missed: ['stream deleted'] } })
  })
})

describe('no rollback', () => {
  it('a webhook stamped after the observation wins; a late one stamped before it does not undo the correction', async () => {
    const { monitor, reconciler, main, setClock } = await droppedWebhooks()
    await reconciler.run('asked')
    expect(byId(monitor).get(main.id)?.status).toBe('idle')

    // A late delivery of something that happened before we asked: the correction stands.
    setClock(OBSERVED + 5 * S)
    await monitor.intake.accept(live('active', OBSERVED - 10 * S, { stream: main.id, name: main.name }))
    expect(byId(monitor).get(main.id)).toMatchObject({ status: 'idle', health: 'offline' })

    // The stream really went live again after we asked: the webhook wins.
    await monitor.intake.accept(live('connected', OBSERVED + 2 * S, { stream: main.id, name: main.name }))
    await monitor.intake.accept(live('active', OBSERVED + 4 * S, { stream: main.id, name: main.name }))
    expect(byId(monitor).get(main.id)).toMatchObject({
      status: 'active',
      connection: 'connected',
      health: 'healthy',
    })
    // Nothing was corrected meanwhile.
    expect(reconciler.status().corrections).toBe(4)
  })
})

describe('grace', () => {
  it('a stream touched by a webhook just now is left alone; once the grace has passed it is corrected', async () => {
    const { monitor, state, reconciler, main, setClock } = await droppedWebhooks()
    const gaming = state.list().find((s) => s.def.name === 'Gaming Night')
    if (!gaming) throw new Error('no Gaming Night')
    state.setStatus(gaming.def.id, 'idle')
    // Main Stage spoke 3 s before we ask (FastPix's REST view may lag its own webhooks).
    await monitor.intake.accept(live('recording', OBSERVED - 3 * S, { stream: main.id, name: main.name }))

    await reconciler.run('asked')
    const ours = byId(monitor)
    expect(ours.get(main.id)?.status).toBe('active')
    expect(ours.get(gaming.def.id)?.status).toBe('idle')
    const fixed = (await reconciledEvents(monitor)).map((e) => e.streamId)
    expect(fixed).not.toContain(main.id)
    expect(fixed).toContain(gaming.def.id)

    setClock(OBSERVED + 20 * S)
    await reconciler.run('asked')
    expect(byId(monitor).get(main.id)).toMatchObject({ status: 'idle', health: 'offline' })
    expect(differences(monitor, state)).toEqual([])
  })
})

describe('a stream turning unknown', () => {
  it('is looked up by itself and corrected without a full round', async () => {
    // Real time, tiny windows: the reconnect window (1 s) expires and nothing says idle.
    const monitor = await monitorIn({
      settings: {
        ...DEFAULT_SETTINGS,
        thresholds: { ...DEFAULT_SETTINGS.thresholds, staleAfterDeadlineSec: 0 },
      },
    })
    const plan = buildDemoPlan({ seed: 42, startAt: Date.now() - 120 * S, streams: 6 })
    // Only "Main Stage" exists yet at FastPix, and it is idle there.
    const state = applyPlanUntil(new DemoWorkspace(plan), plan, 1100)
    const main = streamNamed(plan, 'Main Stage')
    expect(state.list().map((s) => [s.def.id, s.status])).toEqual([[main.id, 'idle']])
    const server = await restOver(state)
    const real = clientFor(server)
    const calls: string[] = []
    const client: Pick<FastPixClient, 'listAllStreams' | 'getStream' | 'viewerCount'> = {
      listAllStreams: (o) => {
        calls.push('list')
        return real.listAllStreams(o)
      },
      getStream: (id, o) => {
        calls.push(`get ${id}`)
        return real.getStream(id, o)
      },
      viewerCount: (id, o) => {
        calls.push(`viewers ${id}`)
        return real.viewerCount(id, o)
      },
    }
    const t = Date.now()
    const o = { stream: main.id, name: main.name, reconnectWindow: 1 }
    await feed(monitor, [...wentLive(t - 5 * S, o), live('disconnected', t - 200, o)])
    expect(byId(monitor).get(main.id)).toMatchObject({ status: 'active', health: 'down' })

    const reconciler = reconcilerFor({ client, monitor, unknownDelayMs: 20 })
    reconciler.start()
    // The start round trusts the stream (heard from within the grace) and lists once.
    await waitFor(() => (reconciler.status().lastAt !== null ? true : undefined), 5000, 'start round')
    expect(reconciler.status().corrections).toBe(0)
    expect(byId(monitor).get(main.id)?.status).toBe('active')

    await waitFor(() => (byId(monitor).get(main.id)?.status === 'idle' ? true : undefined), 5000, 'lookup')
    expect(calls.filter((c) => c === 'list')).toHaveLength(1)
    expect(calls).toContain(`get ${main.id}`)
    expect(reconciler.status().corrections).toBe(1)
    expect(byId(monitor).get(main.id)).toMatchObject({ status: 'idle', health: 'offline' })
    await monitor.flush()
    const timeline = await monitor.api.listTransitions({ streamId: main.id, limit: 100 })
    const unknown = timeline.find((x) => x.toHealth === 'unknown')
    expect(unknown).toMatchObject({ cause: 'clock', reason: 'reconnect window expired without idle' })
    const fix = timeline.find((x) => x.cause === 'reconcile')
    expect(fix).toMatchObject({ fromHealth: 'unknown', toHealth: 'offline', toStatus: 'idle' })
    expect(fix?.reason.startsWith(RECONCILED_REASON)).toBe(true)
  })
})

describe('viewer counts', () => {
  it('active streams get FastPix’s count; a stream that stops being active goes back to null', async () => {
    const { state, monitor, server, now, main, hall } = await droppedWebhooks()
    const reconciler = reconcilerFor({ client: clientFor(server), monitor, now, viewersIntervalMs: 40 })
    reconciler.start()
    const active = state.list().filter((s) => s.status === 'active')
    expect(active.length).toBeGreaterThanOrEqual(4)
    await waitFor(
      () => (active.every((s) => byId(monitor).get(s.def.id)?.viewerCount != null) ? true : undefined),
      5000,
      'viewer counts',
    )
    for (const s of active) {
      const count = byId(monitor).get(s.def.id)?.viewerCount
      expect(count).toBe(state.viewers(s.def.id))
      expect(count).toBeGreaterThan(0)
    }
    // The start round corrected Main Stage to idle (no count) and added the preparing hall (no count).
    expect(byId(monitor).get(main.id)?.viewerCount).toBeNull()
    expect(byId(monitor).get(hall.id)?.viewerCount).toBeNull()

    // A stream with a count ends: the next poll clears it.
    const gaming = active.find((s) => s.def.name === 'Gaming Night')
    if (!gaming) throw new Error('no Gaming Night')
    expect(byId(monitor).get(gaming.def.id)?.viewerCount).toBeGreaterThan(0)
    state.setStatus(gaming.def.id, 'idle')
    await monitor.intake.accept(
      live('idle', OBSERVED - 20 * S, { stream: gaming.def.id, name: gaming.def.name }),
    )
    await waitFor(
      () => (byId(monitor).get(gaming.def.id)?.viewerCount === null ? true : undefined),
      5000,
      'count cleared',
    )
    expect(byId(monitor).get(gaming.def.id)?.status).toBe('idle')
  })
})

describe('REST failures', () => {
  it('a wrong key (401) and an outage (503) are errors in words that change nothing; the next good round recovers', async () => {
    const { state, monitor, server, now } = await droppedWebhooks()
    let client = clientFor(server, 'not-the-secret-key')
    const switchable: Pick<FastPixClient, 'listAllStreams' | 'getStream' | 'viewerCount'> = {
      listAllStreams: (o) => client.listAllStreams(o),
      getStream: (id, o) => client.getStream(id, o),
      viewerCount: (id, o) => client.viewerCount(id, o),
    }
    const seen: string[] = []
    const reconciler = reconcilerFor({
      client: switchable,
      monitor,
      now,
      onStatus: (s) => seen.push(s.state),
    })
    const picture = JSON.stringify(monitor.snapshots())

    const unauthorized = await reconciler.run('asked')
    expect(unauthorized).toMatchObject({ state: 'error', lastAt: OBSERVED, corrections: 0 })
    expect(unauthorized.lastError).toBe(
      'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.',
    )
    expect(unauthorized.lastError).not.toContain('not-the-secret-key')
    expect(JSON.stringify(monitor.snapshots())).toBe(picture)
    expect(await reconciledEvents(monitor)).toEqual([])

    client = clientFor(server)
    server.setFaults({ status: 503 })
    const outage = await reconciler.run('asked')
    expect(outage).toMatchObject({ state: 'error', corrections: 0 })
    expect(outage.lastError).toBe('FastPix had a problem on its side (503). Try again in a minute.')
    expect(JSON.stringify(monitor.snapshots())).toBe(picture)
    expect(await reconciledEvents(monitor)).toEqual([])

    server.setFaults(undefined)
    const recovered = await reconciler.run('asked')
    expect(recovered).toMatchObject({ state: 'idle', lastError: null, corrections: 4 })
    expect(differences(monitor, state)).toEqual([])
    expect(seen).toEqual(['running', 'error', 'running', 'error', 'running', 'idle'])
  })

  it('a failed target read during a round skips that stream’s targets but keeps the rest of the round', async () => {
    const { state, monitor, server, now, hall } = await droppedWebhooks()
    // "Conference Hall 2" has no targets, so the list leaves them out and the round asks for it alone.
    server.setFaults({ status: 500, path: new RegExp(`/v1/live/streams/${hall.id}$`) })
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (line: string) => warnings.push(line) }
    const reconciler = reconcilerFor({ client: clientFor(server), monitor, now, logger })
    const status = await reconciler.run('asked')
    expect(warnings).toEqual([
      `reconcile: could not read stream ${hall.id}: FastPix had a problem on its side (500). Try again in a minute.`,
    ])
    expect(status).toMatchObject({ state: 'idle', lastError: null, corrections: 4 })
    expect(differences(monitor, state)).toEqual([])
  })
})

describe('a real demo run with deliveries lost', () => {
  it('the simulator plays against a listener that silently drops a share of deliveries; one round restores the truth', async () => {
    const SPEED = 500
    const secret = generateDemoSecret(11)
    // The monitor judges time on the demo's accelerated clock once it runs (as a session does).
    let clock: () => number = Date.now
    const m = await createMonitor({
      dir: await folder(),
      signingSecret: secret,
      now: () => clock(),
      clockSpeed: SPEED,
      updateIntervalMs: 5,
    })
    cleanups.push(() => m.close())
    // "FastPix gave up": answered as stored, never recorded. Chosen by event id, so the run is repeatable.
    const lost: string[] = []
    const dropping: Intake = {
      ...m.intake,
      async accept(event) {
        if (hash(event.id) % 100 < 35) {
          lost.push(event.id)
          return { outcome: 'stored', seq: 0, duplicateCount: 0 }
        }
        return m.intake.accept(event)
      },
    }
    const listener = await startWebhookListener(buildWebhookApp({ intake: dropping, now: () => clock() }))
    cleanups.push(() => listener.close())
    const demo: DemoHandle = await startDemo({
      webhookUrl: `${listener.url}${WEBHOOK_PATH}`,
      signingSecret: secret,
      seed: 20260601,
      speed: SPEED,
      loop: false,
    })
    cleanups.push(() => demo.stop())
    clock = () => Math.floor(demo.simulator.now())
    const startAt = demo.simulator.plan.startAt

    // Stop mid-cycle (150 s of demo time), while streams are live, drop and reconnect — and
    // not before enough was delivered and lost (a loaded machine sends behind the demo's clock).
    await waitFor(
      () =>
        demo.simulator.now() - startAt >= 150 * S &&
        lost.length > 5 &&
        demo.simulator.stats().sent > lost.length + 5
          ? true
          : undefined,
      10_000,
      'demo at 150 s',
    )
    await demo.simulator.stop()
    // No delivery may land after the round starts: one the stop cut short is let finish.
    await listener.close()
    // FastPix's truth is frozen now; our clock stops too, 20 s (demo time) on: past the grace.
    const frozen = Math.floor(demo.simulator.now()) + 20 * S
    clock = () => frozen
    await m.flush()
    expect(lost.length).toBeGreaterThan(5)
    expect(demo.simulator.stats().sent).toBeGreaterThan(lost.length)
    const state = demo.workspace
    expect(state.list()).toHaveLength(6)
    const before = differences(m, state)
    expect(before.length).toBeGreaterThan(0)

    const client = createFastPixClient({
      baseUrl: demo.restUrl,
      accessTokenId: demo.accessTokenId,
      secretKey: demo.secretKey,
      timeoutMs: 2000,
      retry: { attempts: 1 },
    })
    const reconciler = reconcilerFor({ client, monitor: m, now: () => clock() })
    const status = await reconciler.run('asked')
    expect(status).toMatchObject({ state: 'idle', lastError: null, lastAt: frozen })
    expect(status.corrections).toBeGreaterThanOrEqual(before.length)
    expect(differences(m, state)).toEqual([])
    for (const truth of state.list()) {
      expect(byId(m).get(truth.def.id)?.status, truth.def.name).toBe(truth.status)
    }
    // It holds: a round trusting nothing (no grace) finds nothing more to correct.
    const strict = reconcilerFor({ client, monitor: m, now: () => clock(), graceMs: 0 })
    expect(await strict.run('asked')).toMatchObject({ state: 'idle', corrections: 0 })
  })
})

/** Small stable hash (FNV-1a). */
function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}
