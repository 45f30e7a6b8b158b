// Notification decisions: which transitions become desktop notifications, which
// are suppressed and why. Pure apart from the injected clock; Electron displays.
import type { Health, Millis, Transition } from '../../../shared/domain.ts'
import type {
  Decision,
  DecisionRule,
  NotificationSettings,
  NotifierState,
  PausedUntil,
  Urgency,
} from '../../../shared/notify.ts'
import { DEFAULT_NOTIFICATION_SETTINGS, pauseInForce } from '../../../shared/notify.ts'
import { hostUtcOffset, inQuietHours, type UtcOffset, untilLabel } from './clock.ts'
import { createDecisionLog } from './log.ts'
import {
  burstMessage,
  credentialsMessage,
  displayName,
  type Message,
  messageFor,
  moreUrgent,
  ruleFor,
  type StreamView,
  summaryMessage,
  tunnelMessage,
  URGENCY,
} from './rules.ts'

export interface NotifierOptions {
  settings?: NotificationSettings
  /** The clock `consider` decides at (tick and bursts take their time explicitly). */
  now?: () => Millis
  /** Stream name lookup (snapshot name); the short id is used when it has none. */
  nameOf?: (streamId: string) => string | null | undefined
  /** Minutes east of UTC at a moment; defaults to the host's zone. */
  utcOffset?: UtcOffset
  /** Mutes and pause saved earlier (see `state()`). */
  state?: NotifierState
  /** Transitions older than this when considered are logged as stale, never raised. */
  staleAfterMs?: number
  /** Clock/reconcile transitions this soon after creation are startup catch-up, never raised. */
  startupGraceMs?: number
  logCapacity?: number
  /** Reconnect window for the "must reconnect by" time when the snapshot does not say (s). */
  defaultReconnectWindowSec?: number
}

/** What a batch knows besides its transitions: the changed snapshots (names, deadlines, targets). */
export interface ConsiderContext {
  streams?: readonly StreamView[]
}

export interface Notifier {
  /** One decision per transition that matches a rule (in order), after any summaries now due. */
  consider(transitions: readonly Transition[], context?: ConsiderContext): Decision[]
  /** `count` signature rejections in the last 5 min: one decision per burst window at most. */
  rejectedBurst(count: number, now: Millis): Decision[]
  /** The tunnel went down (`up` false; `detail` says why) or came back (`detail`: the public URL). */
  tunnel(up: boolean, detail: string, now: Millis): Decision[]
  /** FastPix began refusing the access token (`refusal`: its words) or takes it again (null); once per change. */
  credentials(refusal: string | null, now: Millis): Decision[]
  /** Flap-damping summaries due at `now` (raised or suppressed). */
  tick(now: Millis): Decision[]
  /** Exactly when `tick` next returns something; null when only new transitions can. */
  nextWakeAt(): Millis | null
  mute(streamId: string, until: Millis): void
  unmute(streamId: string): void
  mutedUntil(streamId: string): Millis | null
  pause(until: PausedUntil): void
  resume(): void
  pausedUntil(): PausedUntil | null
  settings(): NotificationSettings
  setSettings(settings: NotificationSettings): void
  /** Newest first, raised and suppressed. */
  log(limit?: number): Decision[]
  /** Mutes and pause still in force, for persistence. */
  state(): NotifierState
}

export const STALE_AFTER_MS = 2 * 60_000
export const STARTUP_GRACE_MS = 30_000
export const BURST_WINDOW_MS = 5 * 60_000

/** Open damping window of one stream: the last raise and what was folded since. */
interface DampWindow {
  openedAt: Millis
  folded: number
  urgency: Urgency
  name: string
}

export function createNotifier(options: NotifierOptions = {}): Notifier {
  const clock = options.now ?? Date.now
  const offset = options.utcOffset ?? hostUtcOffset
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS
  const graceMs = options.startupGraceMs ?? STARTUP_GRACE_MS
  const defaultWindowSec = options.defaultReconnectWindowSec ?? 60
  const startedAt = clock()
  const log = createDecisionLog(options.logCapacity ?? 500)
  let settings = options.settings ?? DEFAULT_NOTIFICATION_SETTINGS
  let paused: PausedUntil | null = options.state?.pausedUntil ?? null
  const mutes = new Map<string, Millis>(Object.entries(options.state?.mutes ?? {}))
  const windows = new Map<string, DampWindow>()
  /** Latest stream-level health and reason seen, for "now degraded" in summaries. */
  const latest = new Map<string, { health: Health; reason: string }>()
  let burstAt: Millis | null = null
  let seq = 0
  /**
   * When the next summary falls due (the earliest window with something folded), cached:
   * undefined = recompute. Every transition asks, so this must not walk every window.
   */
  let dueCache: Millis | null | undefined
  function due(): Millis | null {
    if (dueCache !== undefined) return dueCache
    let best: Millis | null = null
    for (const w of windows.values()) {
      const at = w.openedAt + intervalMs()
      if (w.folded > 0 && (best === null || at < best)) best = at
    }
    dueCache = best
    return best
  }

  const intervalMs = (): number => settings.flapIntervalSec * 1000
  const pauseActive = (at: Millis): boolean => pauseInForce(paused, at) !== null

  function muteAt(streamId: string, at: Millis): Millis | null {
    const until = mutes.get(streamId)
    return until !== undefined && at < until ? until : null
  }

  /** Pause, mute, quiet hours: the suppressions every kind of decision obeys. */
  function gate(streamId: string | null, at: Millis): string | null {
    if (pauseActive(at)) {
      return paused === 'indefinitely'
        ? 'paused until resumed'
        : `paused until ${untilLabel(paused!, at, offset)}`
    }
    const muted = streamId === null ? null : muteAt(streamId, at)
    if (muted !== null) return `muted until ${untilLabel(muted, at, offset)}`
    if (inQuietHours(at, settings.quietHours, offset)) return 'quiet hours'
    return null
  }

  interface Draft extends Message {
    at: Millis
    rule: DecisionRule
    streamId: string | null
    targetId: string | null
    urgency: Urgency
    why: string | null
    transitionAt: Millis | null
    folded: number
  }

  function record(d: Draft): Decision {
    const decision: Decision = {
      id: `${d.at.toString(36)}-${++seq}`,
      at: d.at,
      rule: d.rule,
      streamId: d.streamId,
      targetId: d.targetId,
      title: d.title,
      body: d.body,
      urgency: d.urgency,
      sound: settings.sound && d.urgency !== 'low',
      outcome: d.why === null ? 'raised' : 'suppressed',
      why: d.why ?? '',
      transitionAt: d.transitionAt,
      folded: d.folded,
    }
    log.add(decision)
    return decision
  }

  /** Raises (opening the stream's window) unless a window is open: then folds into its summary. */
  function damp(streamId: string, at: Millis, urgency: Urgency, name: string): string | null {
    const w = windows.get(streamId)
    if (w !== undefined && at < w.openedAt + intervalMs()) {
      w.folded++
      if (w.folded === 1 && dueCache !== undefined) {
        const summaryAt = w.openedAt + intervalMs()
        dueCache = dueCache === null ? summaryAt : Math.min(dueCache, summaryAt)
      }
      w.urgency = moreUrgent(w.urgency, urgency)
      w.name = name
      return 'flap damping'
    }
    windows.set(streamId, { openedAt: at, folded: 0, urgency: 'low', name })
    return null
  }

  function tick(now: Millis): Decision[] {
    const next = due()
    if (next === null || now < next) return []
    dueCache = undefined
    const out: Decision[] = []
    for (const [streamId, w] of windows) {
      if (now < w.openedAt + intervalMs()) continue
      if (w.folded === 0) {
        windows.delete(streamId)
        continue
      }
      const why = gate(streamId, now)
      // A raised summary counts as the stream's notification for the next interval.
      if (why === null) windows.set(streamId, { openedAt: now, folded: 0, urgency: 'low', name: w.name })
      else windows.delete(streamId)
      const fresh = options.nameOf?.(streamId)?.trim()
      const name = fresh ? fresh : w.name
      out.push(
        record({
          ...summaryMessage(name, w.folded, settings.flapIntervalSec, latest.get(streamId)),
          at: now,
          rule: 'summary',
          streamId,
          targetId: null,
          urgency: w.urgency,
          why,
          transitionAt: null,
          folded: w.folded,
        }),
      )
    }
    return out
  }

  function considerOne(t: Transition, now: Millis, views: ReadonlyMap<string, StreamView>): Decision | null {
    if (t.targetId === null) latest.set(t.streamId, { health: t.toHealth, reason: t.reason })
    const rule = ruleFor(t)
    if (rule === null) return null
    const stream = views.get(t.streamId)
    const name = displayName(t.streamId, stream, options.nameOf)
    const urgency = URGENCY[rule]
    let why: string | null = null
    if (!settings.rules[rule]) why = 'rule off'
    else if (now - t.at > staleAfterMs) why = 'stale'
    else if (t.cause !== 'event' && now - startedAt < graceMs) why = 'startup catch-up'
    else why = gate(t.streamId, now) ?? damp(t.streamId, now, urgency, name)
    const message = messageFor(rule, t, { name, stream, offset, defaultReconnectWindowSec: defaultWindowSec })
    return record({
      ...message,
      at: now,
      rule,
      streamId: t.streamId,
      targetId: t.targetId,
      urgency,
      why,
      transitionAt: t.at,
      folded: 0,
    })
  }

  return {
    consider(transitions, context) {
      const now = clock()
      const out = tick(now)
      const views = new Map((context?.streams ?? []).map((s) => [s.id, s]))
      for (const t of transitions) {
        const d = considerOne(t, now, views)
        if (d !== null) out.push(d)
      }
      return out
    },
    rejectedBurst(count, now) {
      if (count < settings.burstThreshold) return []
      if (burstAt !== null && now < burstAt + BURST_WINDOW_MS) return []
      burstAt = now
      const why = settings.rules['rejected-burst'] ? gate(null, now) : 'rule off'
      return [
        record({
          ...burstMessage(count),
          at: now,
          rule: 'rejected-burst',
          streamId: null,
          targetId: null,
          urgency: URGENCY['rejected-burst'],
          why,
          transitionAt: null,
          folded: 0,
        }),
      ]
    },
    tunnel(up, detail, now) {
      const why = settings.rules.tunnel ? gate(null, now) : 'rule off'
      return [
        record({
          ...tunnelMessage(up, detail),
          at: now,
          rule: 'tunnel',
          streamId: null,
          targetId: null,
          urgency: up ? 'normal' : URGENCY.tunnel,
          why,
          transitionAt: now,
          folded: 0,
        }),
      ]
    },
    credentials(refusal, now) {
      const why = settings.rules.credentials ? gate(null, now) : 'rule off'
      return [
        record({
          ...credentialsMessage(refusal),
          at: now,
          rule: 'credentials',
          streamId: null,
          targetId: null,
          urgency: refusal === null ? 'normal' : URGENCY.credentials,
          why,
          transitionAt: now,
          folded: 0,
        }),
      ]
    },
    tick,
    nextWakeAt: due,
    mute(streamId, until) {
      mutes.set(streamId, until)
    },
    unmute(streamId) {
      mutes.delete(streamId)
    },
    mutedUntil: (streamId) => muteAt(streamId, clock()),
    pause(until) {
      paused = until
    },
    resume() {
      paused = null
    },
    pausedUntil: () => (pauseActive(clock()) ? paused : null),
    settings: () => settings,
    setSettings(next) {
      settings = next
      dueCache = undefined
    },
    log: (limit) => log.list(limit),
    state() {
      const now = clock()
      const live: Record<string, Millis> = {}
      for (const [id, until] of mutes) {
        if (until > now) live[id] = until
        else mutes.delete(id)
      }
      return { mutes: live, pausedUntil: pauseActive(now) ? paused : null }
    },
  }
}
