// Turns transitions into the coloured bands of the stream detail's timeline.
import type { Health, TargetState, Transition } from '../../../shared/domain.ts'

export interface Segment {
  start: number
  end: number
  /** Colour key: a health for the stream band, a target state for target bands, 'none' before anything was known. */
  key: Health | TargetState | 'none'
  label: string
  reason: string | null
}

interface BandState {
  key: Segment['key']
  label: string
  reason: string | null
}

function pushMerged(segments: Segment[], start: number, end: number, state: BandState): void {
  if (end <= start) return
  const last = segments[segments.length - 1]
  if (last && last.key === state.key && last.label === state.label && last.end === start) {
    last.end = end
    return
  }
  segments.push({ start, end, ...state })
}

/**
 * Segments of one band over [from, to]. `list` holds the band's transitions oldest first;
 * the state before the first one is its `from` side; `current` covers the case of none.
 */
function bandSegments(
  list: Transition[],
  from: number,
  to: number,
  stateOf: (t: Transition) => BandState,
  before: (t: Transition) => BandState,
  current: BandState,
): Segment[] {
  const segments: Segment[] = []
  const first = list[0]
  let state: BandState = first ? before(first) : current
  let cursor = from
  for (const t of list) {
    if (t.at > to) break
    if (t.at > cursor) {
      pushMerged(segments, cursor, t.at, state)
      cursor = t.at
    }
    state = stateOf(t)
  }
  pushMerged(segments, cursor, to, state)
  return segments
}

const NONE: BandState = { key: 'none', label: 'not seen yet', reason: null }

export function streamBand(
  transitions: Transition[],
  from: number,
  to: number,
  current: { health: Health; status: string; reason: string },
): Segment[] {
  const list = transitions.filter((t) => t.targetId === null)
  return bandSegments(
    list,
    from,
    to,
    (t) => ({ key: t.toHealth, label: `${t.toHealth} · ${t.toStatus}`, reason: t.reason }),
    (t) =>
      t.fromHealth === null
        ? NONE
        : { key: t.fromHealth, label: `${t.fromHealth} · ${t.fromStatus ?? '?'}`, reason: null },
    { key: current.health, label: `${current.health} · ${current.status}`, reason: current.reason },
  )
}

// A record, so a new target state cannot be forgotten here.
const TARGET_STATE_KEYS: Record<TargetState, true> = {
  idle: true,
  starting: true,
  broadcasting: true,
  stalled: true,
  waiting: true,
  disabled: true,
  deleted: true,
}
const TARGET_STATES: ReadonlySet<string> = new Set(Object.keys(TARGET_STATE_KEYS))

function targetKey(status: string | null): Segment['key'] {
  return status !== null && TARGET_STATES.has(status) ? (status as TargetState) : 'none'
}

export function targetBand(
  transitions: Transition[],
  targetId: string,
  from: number,
  to: number,
  current: { state: TargetState; reason: string | null } | null,
): Segment[] {
  const list = transitions.filter((t) => t.targetId === targetId)
  return bandSegments(
    list,
    from,
    to,
    (t) => ({ key: targetKey(t.toStatus), label: t.toStatus, reason: t.reason }),
    (t) =>
      t.fromStatus === null ? NONE : { key: targetKey(t.fromStatus), label: t.fromStatus, reason: null },
    current ? { key: current.state, label: current.state, reason: current.reason } : NONE,
  )
}

/** What the axis has room for, in CSS pixels. */
export interface AxisFit {
  /** The track's width. */
  width: number
  /** The widest tick label (labels are centred on their tick). */
  labelWidth: number
  /** The "now" label at the right end; ticks keep clear of it. */
  nowWidth: number
  /** Space kept between two labels (default 8). */
  gap?: number
}

const MINUTE = 60_000
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE)

/**
 * Tick times on round local times inside [from, to], as close together as the labels
 * allow: the step is the smallest that puts a label's width plus a gap between ticks,
 * and no label runs past the track's left end or into "now".
 */
export function axisTicks(from: number, to: number, fit: AxisFit): number[] {
  const span = to - from
  if (span <= 0 || fit.width <= 0) return []
  const gap = fit.gap ?? 8
  const perMs = fit.width / span
  const step = STEPS.find((s) => s * perMs >= fit.labelWidth + gap)
  if (step === undefined) return []
  // Round in local time (an hour tick reads "14:00" in every time zone, 30-minute offsets too).
  const offset = -new Date(from).getTimezoneOffset() * MINUTE
  const half = fit.labelWidth / 2
  const right = fit.width - fit.nowWidth - gap
  const ticks: number[] = []
  for (let t = Math.ceil((from + offset) / step) * step - offset; t < to; t += step) {
    const x = (t - from) * perMs
    if (x - half >= 0 && x + half <= right) ticks.push(t)
  }
  return ticks
}
