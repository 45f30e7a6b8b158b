// getStreamSeries through a real monitor (its store on a real file): the window's defaults
// and refusals in words, transitions not yet persisted on the chart, target markers under
// their display names, and the same answer over HTTP.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'
import { monitorEvent, STREAM } from '../support/events.ts'
import { tempDir } from '../support/serve.ts'
import { overHttp } from '../support/transports.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const TARGET = 'f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6'

let dir = ''
let monitor: Monitor | null = null
afterEach(async () => {
  await monitor?.close()
  monitor = null
  await rm(dir, { recursive: true, force: true })
})

function targetEvent(state: string, at: number): MonitorEvent {
  const e = monitorEvent(`video.live_stream.simulcast_target.${state}`, at, {
    simulcastId: TARGET,
    livestreamId: STREAM,
    rtmpUrl: 'rtmps://a.rtmp.youtube.com/live2/key',
  })
  return { ...e, simulcastId: TARGET }
}

describe('getStreamSeries through the monitor', () => {
  it('answers the last hour by default with markers named as on the page, the same over HTTP', async () => {
    dir = await tempDir()
    let now = Date.now()
    monitor = await createMonitor({
      dir,
      signingSecret: 'c2VjcmV0',
      persistIntervalMs: 3_600_000,
      now: () => now,
    })
    const steps: MonitorEvent[] = [
      monitorEvent('video.live_stream.connected', now - 50 * MIN, { status: 'preparing' }),
      monitorEvent('video.live_stream.active', now - 49 * MIN, { status: 'active', reconnectWindow: 60 }),
      targetEvent('broadcasting', now - 48 * MIN),
      monitorEvent('video.live_stream.disconnected', now - 30 * MIN, { status: 'active' }),
      targetEvent('disconnected', now - 30 * MIN + 1000),
      monitorEvent('video.live_stream.connected', now - 30 * MIN + 20_000, { status: 'active' }),
      targetEvent('broadcasting', now - 30 * MIN + 25_000),
    ]
    for (const e of steps) await monitor.intake.accept(e)
    monitor.setViewerCount(STREAM, 1234)
    const sampledAt = now
    now += 1000

    // Persisted every hour here: the chart still has the transitions of a minute ago.
    const series = await monitor.api.getStreamSeries(STREAM, {})
    expect(series.to - series.from).toBe(HOUR)
    expect(series.to).toBe(now)
    expect(series.bucketMs).toBe(MIN)
    expect(series.viewers).toEqual([{ at: sampledAt, count: 1234 }])
    // Told late, the disconnect is judged at arrival (past its window): unknown for those 20 s.
    expect(series.health.map((h) => h.health)).toEqual(['degraded', 'healthy', 'unknown', 'healthy'])
    expect(series.health[series.health.length - 1]?.to).toBe(now)
    expect(series.markers.map((m) => [m.kind, m.at - now, m.label])).toEqual([
      ['disconnect', -30 * MIN - 1000, 'Encoder disconnected'],
      ['target-down', -30 * MIN - 1000, 'YouTube waiting for the encoder'],
      ['reconnect', -30 * MIN + 19_000, 'Encoder reconnected after 20 s'],
      ['target-up', -30 * MIN + 19_000, 'YouTube broadcasting again'],
    ])
    expect(series.events.reduce((n, b) => n + b.count, 0)).toBe(steps.length)

    const http = await overHttp(monitor.api)
    try {
      const window = { from: series.from, to: series.to }
      expect(await http.api.getStreamSeries(STREAM, window)).toEqual(
        await monitor.api.getStreamSeries(STREAM, window),
      )
      await expect(http.api.getStreamSeries(STREAM, { from: now - 9 * DAY, to: now })).rejects.toMatchObject({
        code: 'bad_request',
        message: "The chart's window is refused: the window is 9 days long; a chart covers at most 8 days.",
      })
    } finally {
      await http.close()
    }
  })

  it('refuses a window that ends before it starts, in words', async () => {
    dir = await tempDir()
    monitor = await createMonitor({ dir, signingSecret: 'c2VjcmV0' })
    const future = Date.now() + DAY
    await expect(monitor.api.getStreamSeries(STREAM, { from: future })).rejects.toThrow(
      /^The chart's window is refused: from \(.+\) must be before to \(.+\)\.$/,
    )
  })
})
