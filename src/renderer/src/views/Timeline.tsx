import { memo, useMemo, useRef } from 'react'
import type { MonitorEvent, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import { targetIdName } from '../../../shared/target-name.ts'
import { eventTypeLabel, formatClock, formatDuration, formatHourMinute } from '../lib/format.ts'
import { useElementWidth, useTextWidth } from '../lib/measure.ts'
import { axisTicks, type Segment, streamBand, targetBand } from '../lib/timeline.ts'

interface Props {
  stream: StreamSnapshot
  transitions: Transition[]
  events: MonitorEvent[]
  from: number
  to: number
}

const pct = (value: number, from: number, to: number): number => ((value - from) / (to - from)) * 100

function Band({
  label,
  segments,
  from,
  to,
  testId,
}: {
  label: string
  segments: Segment[]
  from: number
  to: number
  testId: string
}): React.JSX.Element {
  return (
    <div className="tl-row" data-testid={testId}>
      <div className="tl-label" title={label}>
        {label}
      </div>
      <div className="tl-track">
        {segments.map((seg) => (
          <div
            key={seg.start}
            className={`tl-seg seg-${seg.key}`}
            data-state={seg.key}
            style={{
              left: `${pct(seg.start, from, to)}%`,
              width: `${pct(seg.end, from, to) - pct(seg.start, from, to)}%`,
            }}
            title={`${seg.label}\n${formatClock(seg.start)} – ${formatClock(seg.end)} (${formatDuration(seg.end - seg.start)})${seg.reason ? `\n${seg.reason}` : ''}`}
          >
            {pct(seg.end, from, to) - pct(seg.start, from, to) >= 9 ? (
              <span className="tl-seg-label">{seg.label}</span>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  )
}

// The widest "HH:MM" this locale writes (a 12-hour clock adds AM/PM): one sample per hour.
const DAY_START = new Date(2020, 0, 1).getTime()
const TICK_SAMPLES = Array.from({ length: 24 }, (_, h) =>
  formatHourMinute(DAY_START + h * 3_600_000 + 58 * 60_000),
)
const NOW_SAMPLE = ['now']

/** Time labels under the bands, spaced so they never overlap at this width. */
function Axis({ from, to }: { from: number; to: number }): React.JSX.Element {
  const track = useRef<HTMLDivElement | null>(null)
  const width = useElementWidth(track)
  const labelWidth = useTextWidth(track, 'tl-tick', TICK_SAMPLES)
  const nowWidth = useTextWidth(track, 'tl-tick tl-now', NOW_SAMPLE)
  const ticks = axisTicks(from, to, { width, labelWidth, nowWidth })
  return (
    <div className="tl-row tl-axis" aria-hidden="true">
      <div className="tl-label" />
      <div className="tl-track" ref={track} data-testid="timeline-axis">
        {ticks.map((t) => (
          <span key={t} className="tl-tick" style={{ left: `${pct(t, from, to)}%` }}>
            {formatHourMinute(t)}
          </span>
        ))}
        <span className="tl-tick tl-now">now</span>
      </div>
    </div>
  )
}

/** States of the stream and of each simulcast target over time, with a tick per event. */
export const Timeline = memo(function Timeline({
  stream,
  transitions,
  events,
  from,
  to,
}: Props): React.JSX.Element {
  const streamSegments = useMemo(
    () =>
      streamBand(transitions, from, to, {
        health: stream.health,
        status: stream.status,
        reason: stream.healthReason,
      }),
    [transitions, from, to, stream.health, stream.status, stream.healthReason],
  )
  const targets = useMemo(() => {
    const known = new Map(stream.simulcastTargets.map((t) => [t.id, t]))
    const ids = new Set(known.keys())
    for (const t of transitions) if (t.targetId) ids.add(t.targetId)
    return [...ids].map((id) => {
      const target = known.get(id)
      return {
        id,
        name: target ? target.displayName : targetIdName(id),
        segments: targetBand(
          transitions,
          id,
          from,
          to,
          target ? { state: target.state, reason: target.reason } : null,
        ),
      }
    })
  }, [stream.simulcastTargets, transitions, from, to])
  const marks = useMemo(
    () => events.filter((e) => e.occurredAt >= from && e.occurredAt <= to),
    [events, from, to],
  )
  return (
    <figure className="timeline" data-testid="timeline" aria-label="Timeline of states">
      <Band label="Stream" segments={streamSegments} from={from} to={to} testId="timeline-stream" />
      {targets.map((t) => (
        <Band key={t.id} label={t.name} segments={t.segments} from={from} to={to} testId="timeline-target" />
      ))}
      <div className="tl-row" data-testid="timeline-events">
        <div className="tl-label">Events ({marks.length})</div>
        <div className="tl-track tl-marks">
          {marks.map((e) => (
            <span
              key={e.id}
              className={`tl-mark${e.verification === 'unverified' ? ' mark-unverified' : ''}${e.duplicateCount > 0 ? ' mark-duplicate' : ''}`}
              style={{ left: `${pct(e.occurredAt, from, to)}%` }}
              title={`${eventTypeLabel(e.type)}\n${formatClock(e.occurredAt)}${e.verification === 'unverified' ? '\nunverified' : ''}${e.duplicateCount > 0 ? `\ndelivered ${e.duplicateCount + 1}×` : ''}`}
            />
          ))}
        </div>
      </div>
      <Axis from={from} to={to} />
    </figure>
  )
})
