// The notification center: the notifier wired to the monitor's transitions, its
// own clock for flap-damping summaries, and the controls (rules, pause, mutes) the
// dashboard and the tray change. Decisions go out through `onDecisions`; what must
// survive a restart goes out through `onSaved`. Plain Node; the host displays.
import type { StreamSnapshot, Transition } from '../../../shared/domain.ts'
import {
  applyNotificationPatch,
  type Decision,
  type DecisionQuery,
  type MuteChoice,
  muteUntil,
  type NotificationSettings,
  type NotificationSettingsPatch,
  type NotificationStatus,
  type NotifierState,
  notificationSettingsPatchSchema,
  type PauseChoice,
  pauseUntil,
} from '../../../shared/notify.ts'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import { createNotifier, type Notifier, type NotifierOptions } from './notifier.ts'

/** What the host keeps between runs. */
export interface SavedNotifications {
  settings: NotificationSettings
  state: NotifierState
}

export interface NotificationCenterOptions {
  saved?: SavedNotifications
  /** Persists settings, pause and mutes after every change (the host decides where). */
  onSaved?: (saved: SavedNotifications) => Promise<void> | void
  /** Every decision, raised or suppressed, in the order made. */
  onDecisions: (decisions: Decision[]) => void
  /** The controls changed (settings, pause, mute). */
  onStatus: (status: NotificationStatus) => void
  nameOf: (streamId: string) => string | null | undefined
  now?: () => number
  /** How fast `now` runs against real time (the accelerated demo clock). */
  clockSpeed?: number
  logger?: Logger
  /** Test hooks: stale and startup-grace windows, log size. */
  tuning?: Pick<NotifierOptions, 'staleAfterMs' | 'startupGraceMs' | 'logCapacity' | 'utcOffset'>
}

export interface NotificationCenter {
  /** Decides on one engine change: its transitions and the snapshots that changed with them. */
  consider(transitions: readonly Transition[], streams: readonly StreamSnapshot[]): void
  /** Signature rejections within the last 5 minutes. */
  rejections(count: number): void
  /** The tunnel went down or came back (see Notifier.tunnel). */
  tunnel(up: boolean, detail: string): void
  /** FastPix refuses the access token (its words) or, with null, takes it again (see Notifier.credentials). */
  credentials(refusal: string | null): void
  status(): NotificationStatus
  log(query?: DecisionQuery): Decision[]
  updateSettings(patch: NotificationSettingsPatch): Promise<NotificationStatus>
  mute(streamId: string, choice: MuteChoice | null): Promise<NotificationStatus>
  pause(choice: PauseChoice | null): Promise<NotificationStatus>
  close(): void
}

const MAX_WAIT_MS = 60_000

export function createNotificationCenter(options: NotificationCenterOptions): NotificationCenter {
  const now = options.now ?? Date.now
  const log = options.logger ?? silentLogger
  const notifier: Notifier = createNotifier({
    ...options.tuning,
    now,
    nameOf: options.nameOf,
    ...(options.saved ? { settings: options.saved.settings, state: options.saved.state } : {}),
  })
  let timer: NodeJS.Timeout | null = null
  let closed = false

  const status = (): NotificationStatus => {
    const state = notifier.state()
    return { settings: notifier.settings(), pausedUntil: state.pausedUntil, mutes: state.mutes }
  }

  function emit(decisions: Decision[]): void {
    if (decisions.length > 0) options.onDecisions(decisions)
    // Most decisions leave the next summary where it was: keep the timer then.
    if (notifier.nextWakeAt() !== armedFor) arm()
  }

  // Summaries fall due with no transition: wake exactly then (re-checked every minute,
  // since a settings change can move the moment).
  let armedFor: number | null | undefined
  function arm(): void {
    if (closed) return
    if (timer) clearTimeout(timer)
    const at = notifier.nextWakeAt()
    armedFor = at
    const speed = options.clockSpeed ?? 1
    const delay = at === null ? MAX_WAIT_MS : Math.min(MAX_WAIT_MS, Math.max(50, (at - now()) / speed))
    timer = setTimeout(() => {
      timer = null
      emit(notifier.tick(now()))
    }, delay)
    timer.unref()
  }

  async function changed(): Promise<NotificationStatus> {
    const next = status()
    options.onStatus(next)
    arm()
    try {
      await options.onSaved?.({
        settings: next.settings,
        state: { mutes: next.mutes, pausedUntil: next.pausedUntil },
      })
    } catch (error) {
      log.warn(`notification settings not saved: ${(error as Error).message}`)
    }
    return next
  }

  arm()

  return {
    consider(transitions, streams) {
      if (closed || transitions.length === 0) return
      emit(notifier.consider(transitions, { streams }))
    },
    rejections(count) {
      if (closed) return
      emit(notifier.rejectedBurst(count, now()))
    },
    tunnel(up, detail) {
      if (closed) return
      emit(notifier.tunnel(up, detail, now()))
    },
    credentials(refusal) {
      if (closed) return
      emit(notifier.credentials(refusal, now()))
    },
    status,
    log(query = {}) {
      const limit = query.limit ?? 200
      if (query.streamId === undefined) return notifier.log(limit)
      return notifier
        .log()
        .filter((d) => d.streamId === query.streamId)
        .slice(0, limit)
    },
    async updateSettings(patch) {
      const valid = notificationSettingsPatchSchema.parse(patch)
      notifier.setSettings(applyNotificationPatch(notifier.settings(), valid))
      return changed()
    },
    async mute(streamId, choice) {
      if (choice === null) notifier.unmute(streamId)
      else notifier.mute(streamId, muteUntil(choice, now()))
      return changed()
    },
    async pause(choice) {
      if (choice === null) notifier.resume()
      else notifier.pause(pauseUntil(choice, now()))
      return changed()
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
