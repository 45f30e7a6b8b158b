// The report of one broadcast, derived from what the store keeps about its stream: events
// (lifecycle, corrections, delivery lag), health transitions (time in each state, target
// outages), notification decisions, and viewer-count samples. Pure: the same records give
// the same report, whichever host (page, API, CLI) asks.

import type { Health, HealthThresholds, Millis, MonitorEvent, Transition } from '../../../shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../../shared/event-types.ts'
import type { Decision } from '../../../shared/notify.ts'
import type {
  BroadcastRef,
  BroadcastReport,
  BroadcastSummary,
  ReportCorrection,
  ReportTarget,
  ViewerSample,
} from '../../../shared/report.ts'
import { factsOf } from '../events/facts.ts'
import { type BroadcastSpan, segmentBroadcasts } from './broadcasts.ts'

export interface ReportInput {
  stream: { id: string; name: string | null }
  /** Every stored event of the stream, any order. */
  events: readonly MonitorEvent[]
  /** The stream's stored transitions (its own and its targets'), any order. */
  transitions: readonly Transition[]
  decisions: readonly Decision[]
  viewers: readonly ViewerSample[]
  /** The one display name of each target (shared/target-name.ts), when known. */
  targetNames: ReadonlyMap<string, string>
  thresholds: HealthThresholds
  now: Millis
}

const iso = (at: Millis): string => new Date(at).toISOString()
const OUTAGE_STATES: ReadonlySet<string> = new Set(['stalled', 'waiting', 'disabled'])

/** The stream's broadcasts, oldest first (numbered from 1). */
export function broadcastsOf(input: ReportInput): BroadcastSpan[] {
  const facts = input.events.map((e) => {
    const f = factsOf(e)
    return {
      id: e.id,
      at: e.occurredAt,
      // Target events say nothing of the stream's lifecycle.
      status: e.simulcastId === null ? f.status : null,
      connection: e.simulcastId === null ? f.connection : null,
      reconnectWindowSec: e.simulcastId === null ? f.reconnectWindowSec : null,
    }
  })
  return segmentBroadcasts(facts, { reconnectWindowSec: input.thresholds.reconnectWindowSec, now: input.now })
}

export function summarize(spans: readonly BroadcastSpan[], now: Millis): BroadcastSummary[] {
  return spans
    .map((s, i) => ({
      number: i + 1,
      startedAt: iso(s.startedAt),
      endedAt: s.endedAt === null ? null : iso(s.endedAt),
      durationMs: (s.endedAt ?? now) - s.startedAt,
      disconnects: s.disconnects.length,
      live: s.endedAt === null,
    }))
    .reverse()
}

/** Which broadcast `ref` names, or null when there is no such one. */
export function pickBroadcast(
  spans: readonly BroadcastSpan[],
  ref: BroadcastRef,
  now: Millis,
): number | null {
  if (spans.length === 0) return null
  if (ref === 'latest') return spans.length - 1
  if (typeof ref === 'number') return ref >= 1 && ref <= spans.length ? ref - 1 : null
  const at = Date.parse(ref)
  if (!Number.isFinite(at)) return null
  const i = spans.findIndex((s) => s.startedAt <= at && at <= (s.endedAt ?? now))
  return i === -1 ? null : i
}

export function buildReport(
  input: ReportInput,
  spans: readonly BroadcastSpan[],
  index: number,
): BroadcastReport {
  const span = spans[index] as BroadcastSpan
  const start = span.startedAt
  const end = span.endedAt ?? input.now
  const mine = (t: Transition) => t.streamId === input.stream.id
  const transitions = input.transitions.filter(mine).sort((a, b) => a.at - b.at)
  const samples = input.viewers.filter((v) => v.at >= start && v.at <= end).sort((a, b) => a.at - b.at)
  const inside = (at: Millis) => at >= start && at <= end
  const streamEvents = input.events.filter((e) => e.streamId === input.stream.id && inside(e.occurredAt))
  const healthSpans = spansOfHealth(
    transitions.filter((t) => t.targetId === null),
    start,
    end,
  )

  return {
    stream: { id: input.stream.id, name: input.stream.name },
    broadcast: {
      number: index + 1,
      startedAt: iso(start),
      endedAt: span.endedAt === null ? null : iso(span.endedAt),
      endedBy: span.endedBy,
      durationMs: end - start,
      reconnectWindowSec: span.reconnectWindowSec,
      timeInHealthMs: totals(healthSpans),
      healthSpans: healthSpans.map((h) => ({
        startedAt: iso(h.from),
        durationMs: h.to - h.from,
        health: h.health,
        reason: h.reason,
      })),
      disconnects: span.disconnects.map((d) => ({
        at: iso(d.at),
        durationMs: d.durationMs,
        reconnected: d.reconnected,
        viewersAtStart: viewersAt(samples, d.at),
      })),
      flapping: flapEpisodes(
        span.disconnects.map((d) => d.at),
        input.thresholds,
        end,
      ).map(([from, to, count]) => ({
        startedAt: iso(from),
        endedAt: iso(to),
        durationMs: to - from,
        disconnects: count,
      })),
      targets: targetOutages(input, transitions, start, end),
      viewers: viewerFigures(samples, end),
      viewerSamples: samples.map((v) => ({ at: iso(v.at), count: v.count })),
      notifications: input.decisions
        .filter((d) => d.streamId === input.stream.id && inside(d.transitionAt ?? d.at))
        .sort((a, b) => a.at - b.at)
        .map((d) => ({
          at: iso(d.at),
          rule: d.rule,
          raised: d.outcome === 'raised',
          reason: d.outcome === 'raised' ? d.title : d.why,
          title: d.title,
          targetId: d.targetId,
        })),
      late: lateStart(transitions, start),
      corrections: corrections(streamEvents),
      delivery: deliveryFigures(streamEvents),
    },
  }
}

interface HealthSpan {
  from: Millis
  to: Millis
  health: Health
  reason: string
}

/** The stream's health from `start` to `end` as consecutive spans (unknown before its first transition). */
function spansOfHealth(transitions: readonly Transition[], start: Millis, end: Millis): HealthSpan[] {
  const spans: HealthSpan[] = []
  let health: Health = 'unknown'
  let reason = 'no health known yet'
  let since = start
  for (const t of transitions) {
    if (t.at <= start) {
      health = t.toHealth
      reason = t.reason
      continue
    }
    if (t.at >= end) break
    if (t.toHealth === health) continue
    if (t.at > since) spans.push({ from: since, to: t.at, health, reason })
    health = t.toHealth
    reason = t.reason
    since = t.at
  }
  if (end > since || spans.length === 0) spans.push({ from: since, to: end, health, reason })
  return spans
}

function totals(spans: readonly HealthSpan[]): BroadcastReport['broadcast']['timeInHealthMs'] {
  const sum: Record<Health, number> = { healthy: 0, degraded: 0, down: 0, unknown: 0, offline: 0 }
  for (const s of spans) sum[s.health] += s.to - s.from
  return sum
}

/** The watchdog's words for a scheduled stream not live by its slot (core/schedule/watch.ts). */
const LATE = /expected live at ([^,;]+), not live/

/**
 * Whether the broadcast began late for its schedule: the watchdog had the stream late
 * (a stored transition says so) right up to this broadcast's first `active`.
 */
function lateStart(transitions: readonly Transition[], start: Millis): BroadcastReport['broadcast']['late'] {
  let last: Transition | null = null
  for (const t of transitions) {
    if (t.targetId !== null) continue
    if (t.at >= start) break
    last = t
  }
  const match = last ? LATE.exec(last.reason) : null
  if (!last || !match) return null
  // The transition that made it late, not a later change of its words (e.g. preparing, then late).
  let since = last.at
  for (let i = transitions.indexOf(last); i >= 0; i--) {
    const t = transitions[i] as Transition
    if (t.targetId !== null) continue
    if (!LATE.test(t.reason)) break
    since = t.at
  }
  return { since: iso(since), byMs: start - since, expected: match[1] as string, reason: last.reason }
}

function viewersAt(samples: readonly ViewerSample[], at: Millis): number | null {
  let count: number | null = null
  for (const s of samples) {
    if (s.at > at) break
    count = s.count
  }
  return count
}

/** Peak, and the time-weighted average (each sample holds until the next one). */
function viewerFigures(
  samples: readonly ViewerSample[],
  end: Millis,
): BroadcastReport['broadcast']['viewers'] {
  if (samples.length === 0) return { peak: null, average: null, samples: 0 }
  let weighted = 0
  let span = 0
  samples.forEach((s, i) => {
    const until = (samples[i + 1]?.at ?? end) - s.at
    weighted += s.count * until
    span += until
  })
  const average = span > 0 ? weighted / span : (samples[0] as ViewerSample).count
  return {
    peak: Math.max(...samples.map((s) => s.count)),
    average: Math.round(average * 10) / 10,
    samples: samples.length,
  }
}

/** Intervals during which at least `flapCount` disconnects fall within `flapWindowSec`. */
export function flapEpisodes(
  disconnects: readonly Millis[],
  thresholds: Pick<HealthThresholds, 'flapCount' | 'flapWindowSec'>,
  end: Millis,
): [Millis, Millis, number][] {
  const times = [...disconnects].sort((a, b) => a - b)
  const windowMs = thresholds.flapWindowSec * 1000
  const c = Math.max(1, thresholds.flapCount)
  const spans: [Millis, Millis][] = []
  for (let j = 0; j + c - 1 < times.length; j++) {
    const first = times[j] as Millis
    const reached = times[j + c - 1] as Millis
    const to = Math.min(first + windowMs, end)
    if (reached - first < windowMs && to > reached) spans.push([reached, to])
  }
  const merged: [Millis, Millis][] = []
  for (const [from, to] of spans.sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1]
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged.map(([from, to]) => [from, to, times.filter((t) => t > from - windowMs && t < to).length])
}

function targetOutages(
  input: ReportInput,
  transitions: readonly Transition[],
  start: Millis,
  end: Millis,
): ReportTarget[] {
  const ids = new Set<string>()
  for (const e of input.events) if (e.simulcastId !== null && e.occurredAt <= end) ids.add(e.simulcastId)
  for (const t of transitions) if (t.targetId !== null && t.at <= end) ids.add(t.targetId)
  const out: ReportTarget[] = []
  for (const id of [...ids].sort()) {
    let state: string | null = null
    let since = start
    const outages: ReportTarget['outages'] = []
    const close = (at: Millis): void => {
      if (state !== null && OUTAGE_STATES.has(state) && at > since)
        outages.push({ startedAt: iso(since), durationMs: at - since, state })
    }
    for (const t of transitions) {
      if (t.targetId !== id) continue
      if (t.at <= start) {
        state = t.toStatus
        continue
      }
      if (t.at >= end) break
      close(t.at)
      state = t.toStatus
      since = t.at
    }
    // A target deleted before the broadcast was not part of it.
    if (state === 'deleted' && since === start && outages.length === 0) continue
    close(end)
    out.push({ id, name: input.targetNames.get(id) ?? id, outages })
  }
  return out
}

function corrections(events: readonly MonitorEvent[]): ReportCorrection[] {
  return events
    .filter((e) => e.type === RECONCILED || e.type === RECONCILED_TARGET)
    .sort((a, b) => a.occurredAt - b.occurredAt)
    .map((e) => {
      const data = (e.payload.data ?? {}) as Record<string, unknown>
      const missed = Array.isArray(data.missed) ? data.missed.filter((m) => typeof m === 'string') : []
      const target = e.type === RECONCILED_TARGET
      const to = target
        ? data.deleted === true
          ? 'deleted'
          : data.isEnabled === false
            ? 'disabled'
            : 'enabled'
        : String(data.status ?? '')
      return {
        at: iso(e.occurredAt),
        from: target ? null : typeof data.previousStatus === 'string' ? data.previousStatus : null,
        to,
        targetId: e.simulcastId,
        missed: missed as string[],
      }
    })
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/** Lag is `receivedAt − occurredAt` of FastPix's deliveries (our own corrections have none). */
function deliveryFigures(events: readonly MonitorEvent[]): BroadcastReport['broadcast']['delivery'] {
  const delivered = events.filter((e) => e.type !== RECONCILED && e.type !== RECONCILED_TARGET)
  const lags = delivered.map((e) => Math.max(0, e.receivedAt - e.occurredAt)).sort((a, b) => a - b)
  let newest = Number.NEGATIVE_INFINITY
  let outOfOrder = 0
  for (const e of [...delivered].sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1))) {
    if (e.occurredAt < newest) outOfOrder += 1
    else newest = e.occurredAt
  }
  return {
    events: delivered.length,
    lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), max: lags[lags.length - 1] ?? null },
    duplicates: delivered.reduce((n, e) => n + e.duplicateCount, 0),
    outOfOrder,
  }
}
