// Derived data for the event log: target names for rows and facts, and the filter bar's
// stream choices. The stream choices only change when a stream appears, goes or is
// renamed: the same array comes back otherwise, so a batch that only moves health does
// not re-render (or re-sort) a 1,000-option <select>.
import type { StreamSnapshot } from '../../../shared/domain.ts'
import { targetIdName } from '../../../shared/target-name.ts'
import { shortId } from '../lib/format.ts'
import type { MonitorState } from './monitor.ts'

export interface StreamOption {
  id: string
  label: string
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

const labelOf = (s: StreamSnapshot): string => s.name ?? `Stream ${shortId(s.id)}`

export function streamOptions(streams: Record<string, StreamSnapshot>): StreamOption[] {
  return Object.values(streams)
    .map((s) => ({ id: s.id, label: labelOf(s) }))
    .sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

let lastStreams: Record<string, StreamSnapshot> | null = null
let lastOptions: StreamOption[] = []
let lastLabels = new Map<string, string>()

function unchanged(streams: Record<string, StreamSnapshot>): boolean {
  let count = 0
  for (const id in streams) {
    const stream = streams[id] as StreamSnapshot
    if (lastLabels.get(id) !== labelOf(stream)) return false
    count++
  }
  return count === lastLabels.size
}

export function selectStreamOptions(s: MonitorState): StreamOption[] {
  if (s.streams === lastStreams) return lastOptions
  lastStreams = s.streams
  if (unchanged(s.streams)) return lastOptions
  lastOptions = streamOptions(s.streams)
  lastLabels = new Map(lastOptions.map((o) => [o.id, o.label]))
  return lastOptions
}

/**
 * An event's simulcast target by the name the core gave it in the stream's snapshot, so
 * the log says what the board, the detail view, the tray and notifications say; the
 * short id for a target the monitor does not know (null: the event has no target).
 */
export function targetNameOf(
  streams: Record<string, StreamSnapshot>,
  streamId: string | null,
  simulcastId: string | null,
): string | null {
  if (!simulcastId) return null
  const stream = streamId ? streams[streamId] : undefined
  return stream?.simulcastTargets.find((t) => t.id === simulcastId)?.displayName ?? targetIdName(simulcastId)
}
