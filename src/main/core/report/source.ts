// Where a report's records come from: the running monitor's store, or (the report CLI) a
// data folder read directly. Both answer the same reads, so a report is the same whichever
// host builds it.
import type { EventPage, EventQuery, TransitionQuery } from '../../../shared/api.ts'
import type { HealthThresholds, Millis, MonitorEvent, Transition } from '../../../shared/domain.ts'
import type { Decision } from '../../../shared/notify.ts'
import type { BroadcastRef, BroadcastReport, BroadcastSummary } from '../../../shared/report.ts'
import { RequestError } from '../errors.ts'
import type { SeriesQuery, StoredViewerSample } from '../store/types.ts'
import { broadcastsOf, buildReport, pickBroadcast, type ReportInput, summarize } from './report.ts'

/** What the report needs to know of the stream itself: its name and its targets' names. */
export interface ReportStream {
  id: string
  name: string | null
  targets: readonly { id: string; displayName: string }[]
}

export interface ReportSource {
  thresholds: HealthThresholds
  now(): Millis
  stream(id: string): Promise<ReportStream | null>
  queryEvents(query: EventQuery): Promise<EventPage>
  listTransitions(query: TransitionQuery): Promise<Transition[]>
  listDecisions(query: SeriesQuery): Promise<Decision[]>
  listViewerSamples(query: SeriesQuery): Promise<StoredViewerSample[]>
}

const PAGE = 1000
const TRANSITION_PAGE = 5000

async function allEvents(source: ReportSource, streamId: string): Promise<MonitorEvent[]> {
  const events: MonitorEvent[] = []
  let cursor: string | undefined
  do {
    const page = await source.queryEvents({
      streamId,
      verification: 'verified',
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    })
    events.push(...page.events)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return events
}

/** Every kept transition of the stream (pages go back in time; one `at` may span two pages). */
async function allTransitions(source: ReportSource, streamId: string): Promise<Transition[]> {
  const key = (t: Transition): string =>
    `${t.targetId}|${t.at}|${t.toHealth}|${t.toStatus}|${t.eventId}|${t.cause}|${t.reason}`
  const seen = new Map<string, Transition>()
  let to: number | undefined
  for (;;) {
    const page = await source.listTransitions({
      streamId,
      limit: TRANSITION_PAGE,
      ...(to === undefined ? {} : { to }),
    })
    const before = seen.size
    for (const t of page) seen.set(key(t), t)
    const oldest = page[page.length - 1]
    if (page.length < TRANSITION_PAGE || !oldest || seen.size === before) break
    to = oldest.at + 1
  }
  return [...seen.values()]
}

async function allSeries<T>(
  list: (q: SeriesQuery) => Promise<T[]>,
  streamId: string,
  at: (row: T) => number,
) {
  const rows: T[] = []
  let from: number | undefined
  for (;;) {
    const page = await list({ streamId, limit: 100_000, ...(from === undefined ? {} : { from }) })
    rows.push(...page)
    const last = page[page.length - 1]
    if (page.length < 100_000 || !last) return rows
    from = at(last) + 1
  }
}

/** Everything stored about one stream, ready for the report builder; null for an unknown stream. */
export async function loadReportInput(source: ReportSource, streamId: string): Promise<ReportInput | null> {
  const [stream, events] = await Promise.all([source.stream(streamId), allEvents(source, streamId)])
  if (!stream && events.length === 0) return null
  const [transitions, decisions, viewers] = await Promise.all([
    allTransitions(source, streamId),
    allSeries(
      (q) => source.listDecisions(q),
      streamId,
      (d) => d.at,
    ),
    allSeries(
      (q) => source.listViewerSamples(q),
      streamId,
      (v) => v.at,
    ),
  ])
  return {
    stream: { id: streamId, name: stream?.name ?? null },
    events,
    transitions,
    decisions,
    viewers: viewers.map(({ at, count }) => ({ at, count })),
    targetNames: new Map((stream?.targets ?? []).map((t) => [t.id, t.displayName])),
    thresholds: source.thresholds,
    now: source.now(),
  }
}

/** A stream or broadcast that does not exist: a 404 over HTTP, exit 1 in the CLI. */
const notFound = (message: string): RequestError => new RequestError(message, 404)

export async function listBroadcasts(source: ReportSource, streamId: string): Promise<BroadcastSummary[]> {
  const input = await loadReportInput(source, streamId)
  if (!input) throw notFound(`No stream ${streamId} is kept here.`)
  return summarize(broadcastsOf(input), input.now)
}

const describeRef = (ref: BroadcastRef): string =>
  ref === 'latest' ? 'yet' : typeof ref === 'number' ? `number ${ref}` : `live at ${ref}`

export async function reportOf(
  source: ReportSource,
  streamId: string,
  ref: BroadcastRef,
): Promise<BroadcastReport> {
  const input = await loadReportInput(source, streamId)
  if (!input) throw notFound(`No stream ${streamId} is kept here.`)
  const spans = broadcastsOf(input)
  const index = pickBroadcast(spans, ref, input.now)
  if (index === null) {
    const name = input.stream.name ?? streamId
    const count =
      spans.length === 0
        ? 'none'
        : spans.length === 1
          ? 'one (number 1)'
          : `${spans.length} (1–${spans.length})`
    throw notFound(`${name} has no broadcast ${describeRef(ref)}: it has ${count}.`)
  }
  return buildReport(input, spans, index)
}
