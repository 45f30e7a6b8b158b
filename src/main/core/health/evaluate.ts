// Health at a point in time, derived from a folded snapshot. Pure: the clock is `now`.
import type { Health, HealthThresholds, MonitorEvent } from '../../../shared/domain.ts'
import type { Schedule } from '../../../shared/schedule.ts'
import { streamSchedule, type WatchVerdict, watchVerdict, watchWakeAt } from '../schedule/watch.ts'
import { foldEvent } from './fold.ts'
import type { FoldedSnapshot, FoldedTarget, StreamFoldState } from './fold-state.ts'
import { duration, seconds } from './format.ts'
import { foldOf, withDisplayNames } from './snapshot.ts'
import { isNewer } from './stamp.ts'
import { deriveTarget, type ParentView, type StallRule, targetWakeAt } from './targets.ts'

interface Verdict {
  health: Health
  reason: string
}

interface Context {
  s: FoldedSnapshot
  th: HealthThresholds
  now: number
  deadline: number | null
  recent: number[]
  targets: FoldedTarget[]
}

const sec = 1000

function parentOf(s: FoldedSnapshot, fold: StreamFoldState): ParentView {
  const live = s.status === 'active' || s.status === 'preparing'
  const connected = s.connection === 'connected'
  return {
    status: s.status,
    activeSince: s.status === 'active' ? s.statusSince : null,
    ended: fold.ended,
    encoderLost: live && s.connection === 'disconnected',
    connectedSince: connected ? (fold.connectionRun?.[0]?.at ?? fold.connection?.at ?? null) : null,
  }
}

/** Reconnect deadline: while disconnected in a live status (active, or preparing — our choice). */
function deadlineOf(s: FoldedSnapshot, fold: StreamFoldState, windowSec: number): number | null {
  const live = s.status === 'active' || s.status === 'preparing'
  if (!live || s.connection !== 'disconnected' || fold.connection === null) return null
  return fold.connection.at + windowSec * sec
}

function verdict(c: Context): Verdict {
  const { s, th, now, deadline } = c
  if (s.status === 'unknown') {
    return {
      health: 'unknown',
      reason: s.lastEventAt === null ? 'never heard from this stream' : 'no status reported yet',
    }
  }
  if (s.status === 'idle' || s.status === 'disabled' || s.status === 'deleted') {
    return { health: 'offline', reason: s.status }
  }
  const active = s.status === 'active'
  if (deadline !== null) {
    if (now <= deadline) {
      return active
        ? { health: 'down', reason: 'encoder disconnected' }
        : { health: 'degraded', reason: 'encoder disconnected while preparing' }
    }
    if (now - deadline <= th.staleAfterDeadlineSec * sec) {
      return active
        ? { health: 'down', reason: 'reconnect window expired, waiting for idle' }
        : { health: 'degraded', reason: 'reconnect window expired while preparing, waiting for idle' }
    }
    return { health: 'unknown', reason: 'reconnect window expired without idle' }
  }
  const problems: string[] = []
  if (!active && s.statusSince !== null && now - s.statusSince > th.preparingStallSec * sec) {
    problems.push(`preparing for ${seconds(now - s.statusSince)} s`)
  }
  for (const t of c.targets) {
    if (t.state === 'stalled') problems.push(`simulcast target ${t.displayName} stalled (${t.reason})`)
  }
  if (c.recent.length >= th.flapCount) {
    problems.push(`flapping: ${c.recent.length} disconnects in ${duration(th.flapWindowSec)}`)
  }
  if (problems.length > 0) return { health: 'degraded', reason: problems.join('; ') }
  return { health: 'healthy', reason: active ? 'live' : 'preparing' }
}

/** The watchdog's word on top of the rules': never hides `down`, adds to `degraded`. */
function withWatch(v: Verdict, w: WatchVerdict | null): Verdict {
  if (w === null || v.health === 'down') return v
  return { health: 'degraded', reason: v.health === 'degraded' ? `${v.reason}; ${w.reason}` : w.reason }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/**
 * Derives health, reason, reconnect deadline, recent disconnects and target states at `now`.
 * `changedAt` becomes `healthSince` when the health changes (event time, or `now` for the clock).
 * With a `schedule`, the watchdog's verdict (late, ended early, overrunning) joins the rules'.
 */
export function evaluate(
  s: FoldedSnapshot,
  thresholds: HealthThresholds,
  now: number,
  changedAt: number = now,
  schedule?: Schedule,
): FoldedSnapshot {
  const fold = foldOf(s)
  const windowSec = fold.reconnectWindowSec ?? thresholds.reconnectWindowSec
  const deadline = deadlineOf(s, fold, windowSec)
  const flapMs = thresholds.flapWindowSec * sec
  const recentStamps = fold.disconnects.filter((d) => now - d.at < flapMs).map((d) => d.at)
  const recent = sameList(recentStamps, s.recentDisconnects) ? s.recentDisconnects : recentStamps
  const parent = parentOf(s, fold)
  const rule: StallRule = { stallMs: thresholds.simulcastStallSec * sec, now }
  const derived = withDisplayNames(s.simulcastTargets.map((t) => deriveTarget(t, parent, rule)))
  const targets = sameList(derived, s.simulcastTargets) ? s.simulcastTargets : derived
  const watch = schedule === undefined ? null : watchVerdict(schedule, s, now)
  const v = withWatch(verdict({ s, th: thresholds, now, deadline, recent, targets }), watch)
  const out: FoldedSnapshot = {
    ...s,
    health: v.health,
    healthReason: v.reason,
    healthSince: v.health === s.health ? s.healthSince : changedAt,
    reconnectDeadline: deadline,
    reconnectWindowSec: windowSec,
    // A recording belongs to the session it started in: an idle/disabled/deleted after it ends it.
    recording: fold.recording !== null && isNewer(fold.recording, fold.ended),
    recentDisconnects: recent,
    simulcastTargets: targets,
    evaluatedAt: now,
    fold,
  }
  if (schedule !== undefined) return { ...out, schedule: streamSchedule(schedule, watch, now, s.schedule) }
  if (out.schedule === undefined) return out
  const { schedule: _dropped, ...unscheduled } = out
  return unscheduled
}

/** Folds one event and evaluates at `now`; returns the input itself when the event changes nothing. */
export function applyEvent(
  snapshot: FoldedSnapshot | undefined,
  event: MonitorEvent,
  thresholds: HealthThresholds,
  now: number,
): FoldedSnapshot {
  const folded = foldEvent(snapshot, event, thresholds)
  if (snapshot !== undefined && folded === snapshot) return snapshot
  return evaluate(folded, thresholds, now, event.occurredAt)
}

/**
 * Earliest time after `s.evaluatedAt` at which the clock alone changes what `evaluate`
 * derives (health, reason, targets, recent disconnects); null when only an event can.
 */
export function nextChangeAt(
  s: FoldedSnapshot,
  thresholds: HealthThresholds,
  schedule?: Schedule,
): number | null {
  const now = s.evaluatedAt
  const fold = foldOf(s)
  const candidates: number[] = []
  if (schedule !== undefined) {
    const at = watchWakeAt(schedule, now)
    if (at !== null) candidates.push(at)
  }
  if (s.reconnectDeadline !== null) {
    candidates.push(s.reconnectDeadline + 1, s.reconnectDeadline + thresholds.staleAfterDeadlineSec * sec + 1)
  }
  if (s.status === 'preparing' && s.reconnectDeadline === null && s.statusSince !== null) {
    candidates.push(s.statusSince + thresholds.preparingStallSec * sec + 1)
  }
  const oldest = s.recentDisconnects[0]
  if (oldest !== undefined) candidates.push(oldest + thresholds.flapWindowSec * sec)
  const parent = parentOf(s, fold)
  const rule: StallRule = { stallMs: thresholds.simulcastStallSec * sec, now }
  for (const t of s.simulcastTargets) {
    const at = targetWakeAt(t, parent, rule)
    if (at !== null) candidates.push(at)
  }
  let best: number | null = null
  for (const at of candidates) if (at > now && (best === null || at < best)) best = at
  return best
}

/** True when two evaluations of the same stream differ in anything but `evaluatedAt`. */
export function derivedDiffers(a: FoldedSnapshot, b: FoldedSnapshot): boolean {
  return (
    a.health !== b.health ||
    a.healthReason !== b.healthReason ||
    a.healthSince !== b.healthSince ||
    a.reconnectDeadline !== b.reconnectDeadline ||
    a.reconnectWindowSec !== b.reconnectWindowSec ||
    a.recording !== b.recording ||
    a.recentDisconnects !== b.recentDisconnects ||
    a.simulcastTargets !== b.simulcastTargets ||
    a.schedule !== b.schedule
  )
}
