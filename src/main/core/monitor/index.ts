// The monitor core: store + health engine + intake, with a start/stop lifecycle. It
// reports what changed to an update sink; whoever hosts it publishes the batches (the
// workspace controller, or for a monitor on its own, its own bus). Hosts (serve,
// Electron main) add listeners and UI.
import { join } from 'node:path'
import type { MonitorCoreApi, MonitorSettings, MonitorSnapshot, ReceiverStatus } from '../../../shared/api.ts'
import type { MonitorEvent, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import type { Schedule } from '../../../shared/schedule.ts'
import type { CredentialRejection, WorkspaceStatus } from '../../../shared/workspace.ts'
import { tightenFolder } from '../config/private-files.ts'
import { DEFAULT_SETTINGS, loadOrCreateHoldKey, loadSchedules } from '../config/settings-file.ts'
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
import { holdLimitsOfSettings, openStore, type StoreHandle } from '../store/open-store.ts'
import type { CommitOutcome, Store } from '../store/types.ts'
import { createUpdateBus, type MonitorView, sourceOf, type UpdateSink } from '../updates/bus.ts'
import { openDeliveryOrigin } from './delivery-origin.ts'
import { releaseHeldDeliveries } from './held-release.ts'
import { createHistory } from './history.ts'
import { createIntake } from './intake.ts'
import { startPersistence } from './persistence.ts'
import { plainWorkspaceStatus } from './plain-status.ts'
import { createSchedules } from './schedules.ts'
import { createWakeClock } from './wake-clock.ts'

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
  /** Notification rules, pause and mutes saved earlier, and where changes go. */
  notifications?: {
    saved?: SavedNotifications
    onSaved?: (saved: SavedNotifications) => Promise<void> | void
    tuning?: NotificationCenterOptions['tuning']
  }
}

/** What the monitor itself knows about the connection. */
export interface WorkspaceFacts {
  demo: boolean
  signingSecretSet: boolean
  probeReceivedAt: number | null
  heldDeliveries: number
  /** Public origin of the newest new, verified delivery (persisted), or null. */
  lastDeliveryOrigin: string | null
  webhookUrl: string
}

/**
 * The core operations a monitor answers from its own state. The snapshot and the push
 * are its publisher's: they carry the batch numbers and the connection status.
 */
export type MonitorOwnApi = Omit<MonitorCoreApi, 'getSnapshot' | 'onUpdate'>

/** A monitor that reports its changes to a sink; someone else publishes them. */
export interface ReportingMonitor {
  readonly api: MonitorOwnApi
  /** What update batches read when they go out. */
  readonly view: MonitorView
  /** The snapshot without its number and the connection status (the publisher adds both). */
  snapshot(): Omit<MonitorSnapshot, 'seq' | 'workspace'>
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
  /** Schedules a host sets for streams that may not exist yet (the demo's); not saved until one is changed. */
  presetSchedules(schedules: Readonly<Record<string, Schedule>>): void
  workspaceFacts(): WorkspaceFacts
  /** The tunnel went down (`detail`: why) or came back (`detail`: the public URL): a notification decision. */
  tunnelChanged(up: boolean, detail: string): void
  /** FastPix began refusing the workspace's access token (`rejection`) or takes it again (null): a decision. */
  credentialsChanged(rejection: CredentialRejection | null): void
  /** Persists pending snapshots and emits pending updates now. */
  flush(): Promise<void>
  /** Stops and closes the store; the sink gets the last changes flushed first. */
  close(): Promise<void>
}

/** A monitor on its own (tests, the bench): its own update bus and the plain connection status. */
export interface Monitor extends Omit<ReportingMonitor, 'api'> {
  readonly api: MonitorCoreApi
}

export { MAX_FUTURE_SKEW_MS } from './intake.ts'

/** Opens a monitor on its own: it publishes its own batches, with `plainConnection`. */
export async function createMonitor(
  options: MonitorOptions & { updateIntervalMs?: number },
): Promise<Monitor> {
  let monitor: ReportingMonitor | null = null
  const connection = (): WorkspaceStatus => plainWorkspaceStatus(monitor!.workspaceFacts())
  const bus = createUpdateBus(
    sourceOf(() => monitor!.view, connection),
    options.updateIntervalMs,
    options.logger,
  )
  // Nothing is read before the monitor exists: what its opening changed goes out after.
  const opened = await bus
    .holding(() => openMonitor(options, bus))
    .catch((error: unknown) => {
      bus.close()
      throw error
    })
  monitor = opened
  return {
    ...opened,
    api: {
      ...opened.api,
      getSnapshot: async () => ({ ...opened.snapshot(), seq: bus.seq(), workspace: connection() }),
      onUpdate: (listener) => bus.subscribe(listener),
    },
    async close() {
      await opened.close()
      bus.close()
    },
  }
}

/** Opens a monitor whose changes go to `updates` (the workspace controller's bus). */
export async function openMonitor(options: MonitorOptions, updates: UpdateSink): Promise<ReportingMonitor> {
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
    return await startMonitor(options, store, updates)
  } catch (error) {
    await store.close().catch(() => {})
    throw error
  }
}

async function startMonitor(
  options: MonitorOptions,
  store: StoreHandle,
  bus: UpdateSink,
): Promise<ReportingMonitor> {
  const now = options.now ?? Date.now
  const log = options.logger ?? silentLogger
  let settings = options.settings ?? DEFAULT_SETTINGS

  const restored = await store.loadSnapshots()
  // Per workspace, next to its database: schedules.json (an invalid file is ignored, with a warning).
  const savedSchedules = await loadSchedules(options.dir)
  if (savedSchedules.warning) log.warn(savedSchedules.warning)
  const engine: HealthEngine = createHealthEngine({
    thresholds: settings.thresholds,
    snapshots: restored.snapshots,
    schedules: savedSchedules.saved.schedules,
  })
  let appliedSeq = restored.throughSeq
  let signingKey = options.signingSecret ? decodeSigningSecret(options.signingSecret) : null
  if (options.signingSecret && !signingKey) throw new Error('The webhook signing secret is not valid Base64.')
  let webhookUrl = ''
  let closed = false
  const counters: ReceiverCountersMirror = createCounters(await store.counters(), now)
  counters.seedRecentRejections(await store.countRejectedSince(now() - 5 * 60_000))

  const view: MonitorView = {
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
  }

  const notifications = createNotificationCenter({
    ...options.notifications,
    now,
    clockSpeed: options.clockSpeed,
    logger: log,
    nameOf: (id) => engine.get(id)?.name,
    onDecisions: (decisions) => {
      persistence.decisions(decisions)
      bus.decisions(decisions)
    },
    onStatus: () => bus.notificationsChanged(),
  })

  const origin = await openDeliveryOrigin({
    file: join(options.dir, 'delivery-origin.json'),
    log,
    onChange: () => bus.workspaceStatusChanged(),
  })

  function workspaceFacts(): WorkspaceFacts {
    const c = counters.value()
    return {
      demo: options.demo ?? false,
      signingSecretSet: signingKey !== null,
      probeReceivedAt: c.lastProbeAt,
      heldDeliveries: c.unverified,
      lastDeliveryOrigin: origin.current(),
      webhookUrl,
    }
  }

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

  const clock = createWakeClock({
    nextWakeAt: () => engine.nextWakeAt(),
    wake: () => afterEngineChange(engine.tick(now())),
    now,
    clockSpeed: options.clockSpeed,
  })

  const persistence = startPersistence({
    store,
    engine,
    appliedSeq: () => appliedSeq,
    holding: () => signingKey === null,
    counters,
    onHoldChanged: () => bus.receiverChanged(),
    intervalMs: options.persistIntervalMs,
    log,
  })

  function afterEngineChange(transitions: readonly Transition[]): void {
    const changed = engine.drainChanged()
    for (const snap of changed) {
      persistence.streamChanged(snap.id)
      bus.streamChanged(snap.id)
    }
    if (transitions.length > 0) {
      persistence.transitions(transitions)
      bus.transitions(transitions)
      notifications.consider(transitions, changed)
    }
    clock.schedule()
  }

  function applyEvent(event: MonitorEvent, seq: number): void {
    appliedSeq = Math.max(appliedSeq, seq)
    afterEngineChange(engine.apply(event, now()))
  }

  // Events committed after the last snapshot save are folded in again (folding is idempotent).
  for (let batch = await store.eventsAfter(appliedSeq, 5000); batch.length > 0; ) {
    for (const { seq, event } of batch) applyEvent(event, seq)
    batch = await store.eventsAfter(appliedSeq, 5000)
  }
  afterEngineChange(engine.tick(now()))

  const { intake, record } = createIntake({
    store,
    counters,
    now,
    signingKey: () => signingKey,
    apply: applyEvent,
    updates: bus,
    signatureRejected: (recent) => notifications.rejections(recent),
    addressedTo: (o) => origin.addressedTo(o),
  })

  const history = createHistory({
    store,
    persistence,
    engine,
    thresholds: () => settings.thresholds,
    now,
  })
  const schedules = createSchedules({ dir: options.dir, engine, now, changed: afterEngineChange })

  const api: MonitorOwnApi = {
    getStream: async (id) => {
      const snap = engine.get(id)
      return snap ? publicSnapshot(snap) : null
    },
    listEvents: (query) => store.queryEvents(query),
    getEvent: (id) => store.getEvent(id),
    listTransitions: (query) => persistence.listTransitions(query),
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
    ...history,
    setSchedule: schedules.setSchedule,
    listSchedules: schedules.listSchedules,
  }

  return {
    api,
    view,
    snapshot: () => ({
      streams: engine.snapshots().map(publicSnapshot),
      workspaceHealth: engine.workspaceHealth(),
      receiver: receiverStatus(),
      settings,
      notifications: notifications.status(),
      serverTime: now(),
    }),
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
    record,
    setViewerCount(streamId, count) {
      // Every reading is a sample of the stream's viewer chart, changed or not.
      if (count !== null && engine.get(streamId)) persistence.viewerSample({ streamId, at: now(), count })
      if (engine.setViewerCount(streamId, count)) afterEngineChange([])
    },
    presetSchedules: (preset) => schedules.preset(preset),
    workspaceFacts,
    tunnelChanged: (up, detail) => notifications.tunnel(up, detail),
    credentialsChanged: (rejection) => notifications.credentials(rejection?.message ?? null),
    async flush() {
      await persistence.flush()
      bus.flush()
    },
    async close() {
      if (closed) return
      closed = true
      clock.stop()
      persistence.stop()
      notifications.close()
      await origin.close()
      await persistence.close()
      // The last changes go out now: a decision made just before a stop still reaches the page.
      bus.flush()
      await store.close()
    },
  }
}
