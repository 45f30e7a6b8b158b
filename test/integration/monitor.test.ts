import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, MAX_FUTURE_SKEW_MS, type Monitor } from '../../src/main/core/monitor/index.ts'
import type { UpdateBatch } from '../../src/shared/api.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'
import { monitorEvent, STREAM } from '../support/events.ts'
import { tempDir, waitFor } from '../support/serve.ts'
import { overHttp } from '../support/transports.ts'

let dir = ''
const open: Monitor[] = []

afterEach(async () => {
  for (const m of open.splice(0)) await m.close().catch(() => {})
  await rm(dir, { recursive: true, force: true })
})

const event = (type: string, occurredAt: number, extra: Record<string, unknown> = {}): MonitorEvent =>
  monitorEvent(type, occurredAt, extra)

async function monitorAt(options: Partial<Parameters<typeof createMonitor>[0]> = {}): Promise<Monitor> {
  const m = await createMonitor({ dir, signingSecret: 'c2VjcmV0', ...options })
  open.push(m)
  return m
}

describe('monitor core', () => {
  it('after a crash, replays events committed after the last snapshot (same picture)', async () => {
    dir = await tempDir()
    const first = await monitorAt({ persistIntervalMs: 3_600_000 })
    const t = Date.now()
    await first.intake.accept(event('video.live_stream.connected', t - 3000))
    await first.intake.accept(event('video.live_stream.active', t - 2000, { status: 'active' }))
    await first.intake.accept(event('video.live_stream.recording', t - 1000))
    const before = first.snapshots()
    expect(before[0]).toMatchObject({
      status: 'active',
      connection: 'connected',
      recording: true,
      health: 'healthy',
    })
    // Simulated crash: the store goes away without the monitor persisting its snapshots.
    await first.store.close()
    open.splice(0)

    const second = await monitorAt()
    const after = second.snapshots()
    expect(after.map(({ evaluatedAt: _e, healthSince: _h, ...s }) => s)).toEqual(
      before.map(({ evaluatedAt: _e, healthSince: _h, ...s }) => s),
    )
    await second.flush()
    expect(await second.api.listTransitions({ streamId: STREAM })).not.toHaveLength(0)
  })

  it('turns a stream down, then unknown, by the clock alone', async () => {
    dir = await tempDir()
    let now = Date.now()
    const m = await monitorAt({ now: () => now, settings: undefined })
    await m.intake.accept(
      event('video.live_stream.active', now - 1000, { status: 'active', reconnectWindow: 60 }),
    )
    await m.intake.accept(
      event('video.live_stream.disconnected', now, { status: 'active', reconnectWindow: 60 }),
    )
    const down = (await m.api.getStream(STREAM))!
    expect(down).toMatchObject({ health: 'down', reconnectDeadline: now + 60_000 })
    await m.api.updateSettings({ thresholds: { staleAfterDeadlineSec: 0 } })
    now += 61_000
    // The engine asked to be woken at the deadline; the timer fires on real time (≥ 50 ms).
    const stale = await waitFor(
      async () => {
        const s = await m.api.getStream(STREAM)
        return s?.health === 'unknown' ? s : undefined
      },
      35_000,
      'the clock to mark the stream unknown',
    )
    expect(stale.healthReason).toMatch(/reconnect window expired/)
  }, 40_000)

  it('applies and persists settings; rejects invalid ones with a clear error', async () => {
    dir = await tempDir()
    const saved: unknown[] = []
    const m = await monitorAt({ onSettingsChanged: (s) => void saved.push(s) })
    const updated = await m.api.updateSettings({
      thresholds: { preparingStallSec: 90 },
      retention: { maxEvents: 5000 },
    })
    expect(updated.thresholds.preparingStallSec).toBe(90)
    expect(updated.thresholds.reconnectWindowSec).toBe(60)
    expect(updated.retention).toEqual({ maxAgeDays: 30, maxEvents: 5000 })
    expect(saved).toEqual([updated])
    // Bad settings are refused at the transport, before the core.
    const http = await overHttp(m.api)
    await expect(http.api.updateSettings({ thresholds: { flapCount: -1 } })).rejects.toThrow(/flapCount/)
    await expect(http.api.updateSettings({ nonsense: 1 } as never)).rejects.toThrow()
    await http.close()
    expect((await m.api.getSnapshot()).settings).toEqual(updated)
  })

  it('sends update batches with the changed stream, the event and the receiver', async () => {
    dir = await tempDir()
    const m = await monitorAt()
    const batches: UpdateBatch[] = []
    m.api.onUpdate((b) => batches.push(b))
    const e = event('video.live_stream.active', Date.now(), { status: 'active', streamKey: 'x' })
    await m.intake.accept(e)
    await m.intake.accept(e)
    // The duplicate may land in a later batch than the first delivery.
    await waitFor(() => (batches.some((b) => b.receiver?.duplicates === 1) ? true : undefined))
    const all = batches.flatMap((b) => b.events)
    expect(all.map((x) => x.id)).toContain(e.id)
    expect(batches.flatMap((b) => b.streams).map((s) => s.id)).toContain(STREAM)
    expect(batches.at(-1)?.receiver).toMatchObject({ accepted: 1, duplicates: 1 })
    expect(batches.at(-1)?.workspaceHealth ?? batches[0]?.workspaceHealth).toBe('healthy')
  })

  it('places an event stamped far in the future at its arrival time', async () => {
    dir = await tempDir()
    const m = await monitorAt()
    const future = Date.now() + MAX_FUTURE_SKEW_MS + 3_600_000
    await m.intake.accept(event('video.live_stream.idle', future, { status: 'idle' }))
    await m.intake.accept(event('video.live_stream.active', Date.now() + 1000, { status: 'active' }))
    expect(m.snapshots()[0]).toMatchObject({ status: 'active' })
    const { events } = await m.api.listEvents({})
    const stored = events.find((x) => x.type === 'video.live_stream.idle')
    expect(stored?.occurredAt).toBeLessThan(future)
  })
})

describe('transitions not saved yet', () => {
  it('are listed at once (newest first, by stream), and once only after they are saved', async () => {
    dir = await tempDir()
    const m = await monitorAt({ persistIntervalMs: 3_600_000 })
    const t = Date.now()
    await m.intake.accept(event('video.live_stream.active', t - 2000, { status: 'active' }))
    await m.intake.accept(event('video.live_stream.disconnected', t - 1000))
    const before = await m.api.listTransitions({ streamId: STREAM })
    expect(before.map((x) => x.toHealth)).toEqual(['down', 'healthy'])
    expect(await m.api.listTransitions({ streamId: 'another' })).toEqual([])
    expect(await m.api.listTransitions({ streamId: STREAM, from: t - 1500 })).toHaveLength(1)
    expect(await m.api.listTransitions({ streamId: STREAM, limit: 1 })).toHaveLength(1)
    await m.flush()
    expect(await m.api.listTransitions({ streamId: STREAM })).toEqual(before)
  })
})
