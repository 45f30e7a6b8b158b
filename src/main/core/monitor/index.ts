// The monitor core: store + health engine + intake + update batches, with a
// start/stop lifecycle. Hosts (serve, Electron main) add listeners and UI.
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { MonitorCoreApi, MonitorSettings, ReceiverStatus, TransitionQuery } from '../../../shared/api.ts'
import type { ConnectionStatus, CredentialRejection } from '../../../shared/connection.ts'
import type { MonitorEvent, RejectedDelivery, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import type { Decision } from '../../../shared/notify.ts'
import { tightenFolder } from '../config/private-files.ts'
import { DEFAULT_SETTINGS, loadOrCreateHoldKey } from '../config/settings-file.ts'
import { RequestError } from '../errors.ts'
import { createHealthEngine, type HealthEngine } from '../health/engine.ts'
import { publicSnapshot } from '../health/public-snapshot.ts'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import {
  createNotificationCenter,
  type NotificationCenterOptions,
  type SavedNotifications,
} from '../notify/center.ts'
import { createCounters, type ReceiverCountersMirror } from '../receiver/counters.ts'
import type { Intake } from '../receiver/intake.ts'
import { decodeSigningSecret } from '../receiver/signature.ts'
import { clampLimit } from '../store/cursor.ts'
import { holdLimitsOfSettings, openStore, type StoreHandle } from '../store/open-store.ts'
import type { CommitOutcome, HeldDelivery, Store } from '../store/types.ts'
import { createUpdateBus, type UpdateBus } from '../updates/bus.ts'
import { releaseHeldDeliveries } from './held-release.ts'

export interface MonitorOptions {
  /**
   * Folder of this workspace's database and keys; created when missing (0700, files 0600).
   * One monitor at a time per folder: a second one fails with FolderInUseError.
   */
  dir: string
  /** The signing secret as FastPix shows it (Base64), or null to hold deliveries unverified. */
  signingSecret?: string | null
  /**
   * Thresholds, retention and the caps of the hold of unverified deliveries (past them
   * 503 + Retry-After); DEFAULT_SETTINGS when not given.
   */
  settings?: MonitorSettings
  /** Persists settings changed through the API (the host decides where). */
  onSettingsChanged?: (settings: MonitorSettings) => Promise<void> | void
  demo?: boolean
  now?: () => number
  /** How fast `now` runs against real time (an accelerated demo clock); scales timer delays. */
  clockSpeed?: number
  logger?: Logger
  /** How often stream snapshots are persisted (ms). */
  persistIntervalMs?: number
  updateIntervalMs?: number
  /** The connection picture the host keeps (workspace, tunnel, reconcile); a plain one by default. */
  connection?: (facts: ConnectionFacts) => ConnectionStatus
  /** Notification rules, pause and mutes saved earlier, and where changes go. */
  notifications?: {
    saved?: SavedNotifications
    onSaved?: (saved: SavedNotifications) => Promise<void> | void
    tuning?: NotificationCenterOptions['tuning']
  }
}

/** What the monitor itself knows about the connection. */
export interface ConnectionFacts {
  demo: boolean
  signingSecretSet: boolean
  probeReceivedAt: number | null
  heldDeliveries: number
  /** Public origin of the newest new, verified delivery (persisted), or null. */
  lastDeliveryOrigin: string | null
  webhookUrl: string
}

export interface Monitor {
  readonly api: MonitorCoreApi
  readonly intake: Intake
  readonly store: Store
  /** Sets (or clears) the signing secret; releases held deliveries when set. */
  setSigningSecret(secret: string | null): Promise<{ released: number; rejected: number }>
  /** The public URL deliveries arrive at, shown to the user. */
  setWebhookUrl(url: string): void
  receiverStatus(): ReceiverStatus
  snapshots(): StreamSnapshot[]
  /** Records an event the monitor made itself (a reconciler correction): stored, then folded. */
  record(event: MonitorEvent): Promise<CommitOutcome>
  /** Sets a stream's approximate viewer count (null: unknown); not an event. */
  setViewerCount(streamId: string, count: number | null): void
  connectionFacts(): ConnectionFacts
  /** The tunnel went down (`detail`: why) or came back (`detail`: the public URL): a notification decision. */
  tunnelChanged(up: boolean, detail: string): void
  /** FastPix began refusing the workspace's access token (`rejection`) or takes it again (null): a decision. */
  credentialsChanged(rejection: CredentialRejection | null): void
  /** The host's connection picture changed: push it with the next batch. */
  connectionChanged(): void
  /** Every notification decision as it is made (the desktop shows the raised ones). */
  onDecisions(listener: (decisions: Decision[]) => void): () => void
  /** Persists pending snapshots and emits pending updates now. */
  flush(): Promise<void>
  close(): Promise<void>
}

const MAX_TIMER_MS = 30_000
const PERSIST_CHUNK = 10
const PERSIST_PAUSE_MS = 10
const CLOCK_REARM_MS = 20
/** State follows event time; an event stamped further ahead than this (a skewed clock) is placed at its arrival. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000

export async function createMonitor(options: MonitorOptions): Promise<Monitor> {
  const settings = options.settings ?? DEFAULT_SETTINGS
  const holdLimits = holdLimitsOfSettings(settings.hold)
  tightenFolder(options.dir)
  const holdKey = await loadOrCreateHoldKey(options.dir)
  // Takes the folder's lock (D6): FolderInUseError while another monitor has it open.
  const store = await openStore({
    file: join(options.dir, 'monitor.sqlite'),
    holdKey,
    retention: settings.retention,
    holdLimits,
  })
  try {
    return await startMonitor(options, store)
  } catch (error) {
    await store.close().catch(() => {})
    throw error
  }
}

async function startMonitor(options: MonitorOptions, store: StoreHandle): Promise<Monitor> {
  const now = options.now ?? Date.now
  const log = options.logger ?? silentLogger
  let settings = options.settings ?? DEFAULT_SETTINGS

  const restored = await store.loadSnapshots()
  const engine: HealthEngine = createHealthEngine({
    thresholds: settings.thresholds,
    snapshots: restored.snapshots,
  })
  let appliedSeq = restored.throughSeq
  let signingKey = options.signingSecret ? decodeSigningSecret(options.signingSecret) : null
  if (options.signingSecret && !signingKey) throw new Error('The webhook signing secret is not valid Base64.')
  let webhookUrl = ''
  let closed = false
  const counters: ReceiverCountersMirror = createCounters(await store.counters(), now)
  counters.seedRecentRejections(await store.countRejectedSince(now() - 5 * 60_000))

  const persistDirty = new Set<string>()
  const pendingTransitions: Transition[] = []

  const bus: UpdateBus = createUpdateBus(
    {
      streams(ids) {
        const streams: StreamSnapshot[] = []
        const removed: string[] = []
        for (const id of ids) {
          const snap = engine.get(id)
          if (snap) streams.push(publicSnapshot(snap))
          else removed.push(id)
        }
        return { streams, removed }
      },
      receiver: () => receiverStatus(),
      workspaceHealth: () => engine.workspaceHealth(),
      settings: () => settings,
      notifications: () => notifications.status(),
      connection: () => connection(),
    },
    options.updateIntervalMs,
  )

  const decisionListeners = new Set<(decisions: Decision[]) => void>()
  const notifications = createNotificationCenter({
    ...options.notifications,
    now,
    clockSpeed: options.clockSpeed,
    logger: log,
    nameOf: (id) => engine.get(id)?.name,
    onDecisions(decisions) {
      bus.decisions(decisions)
      for (const listener of decisionListeners) {
        try {
          listener(decisions)
        } catch (error) {
          log.error(`notification listener failed: ${(error as Error).message}`)
        }
      }
    },
    onStatus: () => bus.notificationsChanged(),
  })

  const originFile = join(options.dir, 'delivery-origin.json')
  let lastDeliveryOrigin = await readOrigin(originFile)
  let originWrite: Promise<void> = Promise.resolve()
  function addressedTo(origin: string): void {
    if (origin === lastDeliveryOrigin) return
    lastDeliveryOrigin = origin
    originWrite = originWrite
      .then(() => writeOrigin(originFile, origin))
      .catch((error: unknown) => log.warn(`delivery origin not saved: ${(error as Error).message}`))
    bus.connectionChanged()
  }

  function connectionFacts(): ConnectionFacts {
    const c = counters.value()
    return {
      demo: options.demo ?? false,
      signingSecretSet: signingKey !== null,
      probeReceivedAt: c.lastProbeAt,
      heldDeliveries: c.unverified,
      lastDeliveryOrigin,
      webhookUrl,
    }
  }
  const connection = (): ConnectionStatus => (options.connection ?? plainConnection)(connectionFacts())

  function receiverStatus(): ReceiverStatus {
    const c = counters.value()
    return {
      ...c,
      // Full only matters while deliveries are held: with a secret, nothing is held.
      holdFull: signingKey === null && c.holdFull,
      webhookUrl,
      signingSecretSet: signingKey !== null,
      recentSignatureRejections: counters.recentRejections(),
      demo: options.demo ?? false,
    }
  }

  function afterEngineChange(transitions: readonly Transition[]): void {
    const changed = engine.drainChanged()
    for (const snap of changed) {
      persistDirty.add(snap.id)
      bus.streamChanged(snap.id)
    }
    if (transitions.length > 0) {
      pendingTransitions.push(...transitions)
      bus.transitions(transitions)
      notifications.consider(transitions, changed)
    }
    scheduleClock()
  }

  function applyEvent(event: MonitorEvent, seq: number): void {
    appliedSeq = Math.max(appliedSeq, seq)
    afterEngineChange(engine.apply(event, now()))
  }

  // Health can change with no event (deadlines, stalls): wake at the engine's next moment.
  // Re-arming is coalesced (finding the next moment walks every stream) so a burst
  // of events costs one look, not one per event.
  let clock: NodeJS.Timeout | null = null
  let rearm: NodeJS.Timeout | null = null
  function scheduleClock(): void {
    if (closed || rearm) return
    rearm = setTimeout(armClock, CLOCK_REARM_MS)
    rearm.unref()
  }
  function armClock(): void {
    rearm = null
    if (closed) return
    if (clock) clearTimeout(clock)
    const at = engine.nextWakeAt()
    const speed = options.clockSpeed ?? 1
    const delay = at === null ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(50, (at - now()) / speed))
    clock = setTimeout(() => {
      clock = null
      afterEngineChange(engine.tick(now()))
    }, delay)
    clock.unref()
  }

  // Snapshots go to the store in small chunks so event commits queued meanwhile are
  // never stuck behind one large transaction; only the last chunk advances throughSeq,
  // so a crash between chunks replays from the previous mark.
  let persistedSeq = appliedSeq
  /** Transitions taken out of `pendingTransitions` whose commit has not finished yet. */
  let savingTransitions: Transition[] = []
  async function persist(): Promise<void> {
    const transitions = pendingTransitions.splice(0)
    const throughSeq = appliedSeq
    const ids = [...persistDirty]
    persistDirty.clear()
    const snaps = ids.map((id) => engine.get(id)).filter((s): s is StreamSnapshot => s !== undefined)
    savingTransitions = transitions
    try {
      for (let i = 0; i < transitions.length; i += PERSIST_CHUNK) {
        await store.commitTransitions(transitions.slice(i, i + PERSIST_CHUNK))
      }
    } finally {
      savingTransitions = []
    }
    if (snaps.length === 0 && throughSeq === persistedSeq) return
    for (let i = 0; i < snaps.length || i === 0; i += PERSIST_CHUNK) {
      const last = i + PERSIST_CHUNK >= snaps.length
      await store.saveSnapshots(snaps.slice(i, i + PERSIST_CHUNK), last ? throughSeq : persistedSeq)
      // Spread the work: event commits waiting behind a long run of snapshot writes would stall acks.
      if (!last && !closed) await sleep(PERSIST_PAUSE_MS)
    }
    persistedSeq = throughSeq
  }
  // Retention drops held deliveries past the age limit in the store's writer: follow the hold.
  async function followHold(): Promise<void> {
    if (signingKey !== null || closed) return
    if (counters.syncHold(await store.counters())) bus.receiverChanged()
  }
  let persisting: Promise<void> = Promise.resolve()
  const persistTimer = setInterval(() => {
    persisting = persisting.then(persist).catch((error: unknown) => {
      log.error(`could not persist stream snapshots: ${(error as Error).message}`)
    })
    void followHold().catch((error: unknown) => log.warn(`hold status not read: ${(error as Error).message}`))
  }, options.persistIntervalMs ?? 10_000)
  persistTimer.unref()

  // Events committed after the last snapshot save are folded in again (folding is idempotent).
  for (let batch = await store.eventsAfter(appliedSeq, 5000); batch.length > 0; ) {
    for (const { seq, event } of batch) applyEvent(event, seq)
    batch = await store.eventsAfter(appliedSeq, 5000)
  }
  afterEngineChange(engine.tick(now()))

  // A future-dated event would win every later comparison until its time came.
  const placeInTime = (event: MonitorEvent): MonitorEvent => {
    const t = now()
    return event.occurredAt > t + MAX_FUTURE_SKEW_MS ? { ...event, occurredAt: t } : event
  }

  /** The event goes to the live log only when the store has it (not refused, not a pruned replay). */
  function announce(event: MonitorEvent, outcome: CommitOutcome): void {
    if (outcome.outcome === 'refused' || outcome.seq === null) bus.receiverChanged()
    else bus.event({ ...event, duplicateCount: outcome.duplicateCount })
  }

  const intake: Intake = {
    signingKey: () => signingKey,
    async accept(delivered: MonitorEvent): Promise<CommitOutcome> {
      const event = placeInTime(delivered)
      const outcome = await store.commitEvent(event)
      counters.delivered(outcome, false)
      if (outcome.outcome === 'stored') applyEvent(event, outcome.seq)
      announce(event, outcome)
      return outcome
    },
    async hold(delivered: MonitorEvent, held: HeldDelivery): Promise<CommitOutcome> {
      const event = placeInTime(delivered)
      const outcome = await store.commitEvent(event, held)
      counters.delivered(outcome, true)
      announce(event, outcome)
      return outcome
    },
    async reject(rejected: RejectedDelivery): Promise<void> {
      await store.commitRejected(rejected)
      counters.rejected(rejected)
      bus.receiverChanged()
      if (rejected.status === 401) notifications.rejections(counters.recentRejections())
    },
    async probe(probe): Promise<void> {
      await store.commitProbe(probe)
      counters.probe(probe.receivedAt)
      bus.receiverChanged()
    },
    addressedTo,
  }

  const api: MonitorCoreApi = {
    async getSnapshot() {
      return {
        seq: bus.seq(),
        streams: engine.snapshots().map(publicSnapshot),
        workspaceHealth: engine.workspaceHealth(),
        receiver: receiverStatus(),
        settings,
        notifications: notifications.status(),
        connection: connection(),
        serverTime: now(),
      }
    },
    getStream: async (id) => {
      const snap = engine.get(id)
      return snap ? publicSnapshot(snap) : null
    },
    listEvents: (query) => store.queryEvents(query),
    getEvent: (id) => store.getEvent(id),
    // Transitions are saved in the background every few seconds: the ones not saved yet count too.
    async listTransitions(query) {
      const unsaved = [...savingTransitions, ...pendingTransitions].filter((t) => inRange(t, query))
      const saved = await store.listTransitions(query)
      return unsaved.length === 0 ? saved : newestFirst(saved, unsaved, clampLimit(query.limit))
    },
    listRejected: (query) => store.listRejected(query),
    getReceiver: async () => receiverStatus(),
    // Inputs arrive validated by the transport (IPC or HTTP), from the operation table's schemas.
    async updateSettings(valid) {
      const next: MonitorSettings = {
        thresholds: { ...settings.thresholds, ...valid.thresholds },
        retention: { ...settings.retention, ...valid.retention },
        hold: { ...settings.hold, ...valid.hold },
      }
      await store.setRetention(next.retention)
      // Decided in the store's writer for the next held delivery: no restart needed.
      await store.setHoldLimits(holdLimitsOfSettings(next.hold))
      await options.onSettingsChanged?.(next)
      settings = next
      afterEngineChange(engine.setThresholds(next.thresholds, now()))
      bus.settingsChanged()
      // The hold may be full (or have room again) under the new caps.
      if (counters.syncHold(await store.counters())) bus.receiverChanged()
      return settings
    },
    listNotifications: async (query) => notifications.log(query),
    updateNotificationSettings: (patch) => notifications.updateSettings(patch),
    muteStream: async (streamId, choice) => notifications.mute(streamId, choice),
    pauseNotifications: async (choice) => notifications.pause(choice),
    onUpdate: (listener) => bus.subscribe(listener),
  }

  return {
    api,
    intake,
    store,
    async setSigningSecret(secret) {
      if (secret === null) {
        signingKey = null
        bus.receiverChanged()
        return { released: 0, rejected: 0 }
      }
      const key = decodeSigningSecret(secret)
      // The user typed it: their mistake comes back in words (a 4xx), not as an internal error.
      if (!key) throw new RequestError('The webhook signing secret is not valid Base64.')
      signingKey = key
      const result = await releaseHeldDeliveries(store, key, applyEvent)
      counters.reset(await store.counters())
      bus.receiverChanged()
      log.info(`signing secret set: ${result.released} held events verified, ${result.rejected} rejected`)
      return result
    },
    setWebhookUrl(url) {
      webhookUrl = url
      bus.receiverChanged()
    },
    receiverStatus,
    snapshots: () => engine.snapshots().map(publicSnapshot),
    async record(made) {
      const event = placeInTime(made)
      const outcome = await store.recordEvent(event)
      if (outcome.outcome === 'stored') applyEvent(event, outcome.seq)
      announce(event, outcome)
      return outcome
    },
    setViewerCount(streamId, count) {
      if (engine.setViewerCount(streamId, count)) afterEngineChange([])
    },
    connectionFacts,
    tunnelChanged: (up, detail) => notifications.tunnel(up, detail),
    credentialsChanged: (rejection) => notifications.credentials(rejection?.message ?? null),
    connectionChanged: () => bus.connectionChanged(),
    onDecisions(listener) {
      decisionListeners.add(listener)
      return () => decisionListeners.delete(listener)
    },
    async flush() {
      await persisting
      await persist()
      bus.flush()
    },
    async close() {
      if (closed) return
      closed = true
      if (clock) clearTimeout(clock)
      if (rearm) clearTimeout(rearm)
      clearInterval(persistTimer)
      notifications.close()
      await originWrite
      await persisting
      await persist().catch((error: unknown) =>
        log.error(`final persist failed: ${(error as Error).message}`),
      )
      bus.close()
      await store.close()
    },
  }
}

/** Saved origins are marked as learned from verified deliveries; older files may hold a probe's Host. */
const ORIGIN_SOURCE = 'verified-delivery'

async function readOrigin(file: string): Promise<string | null> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { origin?: unknown; source?: unknown }
    return typeof saved.origin === 'string' && saved.source === ORIGIN_SOURCE ? saved.origin : null
  } catch {
    return null
  }
}

async function writeOrigin(file: string, origin: string): Promise<void> {
  const temp = `${file}.tmp`
  await writeFile(temp, `${JSON.stringify({ origin, source: ORIGIN_SOURCE, at: Date.now() })}\n`, {
    mode: 0o600,
  })
  await rename(temp, file)
}

/** The connection as the monitor alone sees it (no controller: `serve` without one, tests). */
export function plainConnection(facts: ConnectionFacts): ConnectionStatus {
  return {
    mode: facts.demo ? 'demo' : 'live',
    generation: 0,
    firstRun: false,
    persistent: false,
    keyring: { secretsPersisted: false, reason: null },
    fastpix: {
      state: 'unset',
      error: null,
      streams: null,
      checkedAt: null,
      credentialsSet: false,
      idHint: null,
      rejected: null,
    },
    signingSecretSet: facts.signingSecretSet,
    publicUrl: {
      mode: null,
      url: null,
      webhookUrl: null,
      ngrokAuthtokenSet: false,
      ngrokDomain: null,
      receiverUrl: null,
    },
    tunnel: null,
    probeReceivedAt: facts.probeReceivedAt,
    heldDeliveries: facts.heldDeliveries,
    urlWarning: null,
    reconcile: { state: 'off', lastAt: null, lastError: null, corrections: 0 },
    actions: { available: false, denied: null },
  }
}

function inRange(t: Transition, q: TransitionQuery): boolean {
  return (
    (q.streamId === undefined || t.streamId === q.streamId) &&
    (q.from === undefined || t.at >= q.from) &&
    (q.to === undefined || t.at < q.to)
  )
}

const transitionKey = (t: Transition): string =>
  `${t.streamId}|${t.targetId}|${t.at}|${t.toHealth}|${t.toStatus}|${t.eventId}|${t.cause}`

/** Saved and unsaved transitions as one list, newest first like the store's, without doubles. */
function newestFirst(saved: Transition[], unsaved: Transition[], limit: number): Transition[] {
  const seen = new Set(saved.map(transitionKey))
  const fresh = unsaved
    .filter((t) => !seen.has(transitionKey(t)))
    .reverse()
    // The store keeps no encoder-link fields: answer the same shape before and after saving.
    .map(({ fromConnection: _from, toConnection: _to, ...rest }) => rest)
  const merged = [...saved, ...fresh]
  return merged.sort((a, b) => b.at - a.at).slice(0, limit)
}
