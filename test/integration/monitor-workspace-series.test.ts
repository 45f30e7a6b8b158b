// The overview through the monitor: the range on its clock (the last hour by default),
// refusals in words, and deliveries and health changes not yet persisted counted.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { monitorEvent } from '../support/events.ts'
import { tempDir } from '../support/serve.ts'

let dir = ''
let monitor: Monitor | null = null

afterEach(async () => {
  await monitor?.close()
  monitor = null
  await rm(dir, { recursive: true, force: true })
})

const MIN = 60_000
const HOUR = 60 * MIN

describe('getWorkspaceSeries through the monitor', () => {
  it('answers the last hour on the monitor clock, counting what is not persisted yet', async () => {
    dir = await tempDir()
    const now = Math.floor(Date.now() / MIN) * MIN + 30_000
    monitor = await createMonitor({
      dir,
      signingSecret: 'c2VjcmV0',
      now: () => now,
      persistIntervalMs: 3_600_000,
    })
    const active = {
      ...monitorEvent('video.live_stream.active', now - 2_000, { status: 'active' }),
      receivedAt: now - 1_500,
    }
    await monitor.intake.accept(active)
    const series = await monitor.api.getWorkspaceSeries({})
    expect(series.to).toBe(now)
    expect(series.from).toBe(now - HOUR - 30_000)
    expect(series.bucketMs).toBe(MIN)
    expect(series.at).toHaveLength(61)
    expect(series.deliveries.at(-1)).toBe(1)
    expect(series.lagP50.at(-1)).toBe(500)
    const last = Object.fromEntries(
      Object.entries(series.streamsByHealth).map(([h, counts]) => [h, counts.at(-1)]),
    )
    expect(last).toEqual({ healthy: 1, degraded: 0, down: 0, unknown: 0, offline: 0 })
  })

  it('refuses a backwards range and one over 8 days in words', async () => {
    dir = await tempDir()
    monitor = await createMonitor({ dir, signingSecret: 'c2VjcmV0' })
    await expect(monitor.api.getWorkspaceSeries({ from: 2_000_000, to: 1_000_000 })).rejects.toThrow(
      /^The overview's range is refused: from \(1970-01-01T00:33:20\.000Z\) must be before to/,
    )
    await expect(monitor.api.getWorkspaceSeries({ from: 0, to: 9 * 24 * HOUR })).rejects.toMatchObject({
      name: 'RequestError',
      statusCode: 400,
      message: "The overview's range is refused: the window is 9 days long; a chart covers at most 8 days.",
    })
  })
})
