// What happened, read from the store: broadcast reports and their exports, and the charts'
// series (a stream's, the workspace's). Every read saves what waits for the next
// persistence round first, so a transition of a moment ago is in the answer.
import type { MonitorCoreApi } from '../../../shared/api.ts'
import type { HealthThresholds } from '../../../shared/domain.ts'
import { type StreamSeries, seriesWindow, targetMarkerLabel } from '../../../shared/series.ts'
import { RequestError } from '../errors.ts'
import type { HealthEngine } from '../health/engine.ts'
import { exportReport } from '../report/export.ts'
import { listBroadcasts, type ReportSource, reportOf } from '../report/source.ts'
import type { Store } from '../store/types.ts'
import { resolveRange } from '../store/workspace-series.ts'
import type { Persistence } from './persistence.ts'

export type HistoryApi = Pick<
  MonitorCoreApi,
  'listBroadcasts' | 'getBroadcastReport' | 'exportBroadcastReport' | 'getStreamSeries' | 'getWorkspaceSeries'
>

export interface HistoryOptions {
  store: Pick<
    Store,
    'queryEvents' | 'listDecisions' | 'listViewerSamples' | 'streamSeries' | 'workspaceSeries'
  >
  persistence: Pick<Persistence, 'flush' | 'listTransitions'>
  engine: Pick<HealthEngine, 'get'>
  thresholds(): HealthThresholds
  now(): number
}

export function createHistory({ store, persistence, engine, thresholds, now }: HistoryOptions): HistoryApi {
  const reports: ReportSource = {
    get thresholds() {
      return thresholds()
    },
    now,
    async stream(id) {
      const snap = engine.get(id)
      return snap ? { id, name: snap.name, targets: snap.simulcastTargets } : null
    },
    queryEvents: (query) => store.queryEvents(query),
    listTransitions: (query) => persistence.listTransitions(query),
    listDecisions: (query) => store.listDecisions(query),
    listViewerSamples: (query) => store.listViewerSamples(query),
  }

  return {
    async listBroadcasts(streamId) {
      await persistence.flush()
      return listBroadcasts(reports, streamId)
    },
    async getBroadcastReport(streamId, broadcast) {
      await persistence.flush()
      return reportOf(reports, streamId, broadcast)
    },
    async exportBroadcastReport(streamId, broadcast, options) {
      await persistence.flush()
      return exportReport(await reportOf(reports, streamId, broadcast), options.format, options.tz)
    },
    async getStreamSeries(streamId, window) {
      const checked = seriesWindow(window, now())
      if (!checked.ok) throw new RequestError(`The chart's window is refused: ${checked.error}.`)
      await persistence.flush()
      const series = await store.streamSeries({ streamId, from: checked.from, to: checked.to })
      return withTargetNames(series, engine.get(streamId)?.simulcastTargets ?? [])
    },
    async getWorkspaceSeries(range) {
      const resolved = resolveRange(range, now())
      await persistence.flush()
      return store.workspaceSeries(resolved)
    },
  }
}

/** Target markers named as everywhere else (the store only knows the targets' ids). */
function withTargetNames(
  series: StreamSeries,
  targets: readonly { id: string; displayName: string }[],
): StreamSeries {
  const names = new Map(targets.map((t) => [t.id, t.displayName]))
  return {
    ...series,
    markers: series.markers.map((m) => {
      const name = m.targetId === undefined ? undefined : names.get(m.targetId)
      return name === undefined ||
        m.state === undefined ||
        (m.kind !== 'target-down' && m.kind !== 'target-up')
        ? m
        : { ...m, label: targetMarkerLabel(m.kind, name, m.state) }
    }),
  }
}
