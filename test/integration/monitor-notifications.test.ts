import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import type { SavedNotifications } from '../../src/main/core/notify/center.ts'
import type { UpdateBatch } from '../../src/shared/api.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'
import type { Decision } from '../../src/shared/notify.ts'
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

async function start(saved: SavedNotifications[] = [], initial?: SavedNotifications): Promise<Monitor> {
  const m = await createMonitor({
    dir,
    signingSecret: 'c2VjcmV0',
    updateIntervalMs: 5,
    notifications: {
      ...(initial ? { saved: initial } : {}),
      onSaved: (s) => {
        saved.push(s)
      },
      tuning: { startupGraceMs: 0, utcOffset: () => 0 },
    },
  })
  open.push(m)
  return m
}

async function goLiveThenDrop(m: Monitor, t: number): Promise<void> {
  await m.intake.accept(event('video.live_stream.active', t - 2000, { status: 'active' }))
  await m.intake.accept(event('video.live_stream.disconnected', t - 1000))
}

describe('notifications decided by the monitor core', () => {
  it('turns transitions into decisions: pushed in batches (the desktop shows the raised ones), kept in the log', async () => {
    dir = await tempDir()
    const m = await start()
    const batches: UpdateBatch[] = []
    const heard: Decision[] = []
    m.api.onUpdate((b) => {
      batches.push(b)
      heard.push(...b.decisions)
    })
    // Flap damping off: "went live" and "down" a second apart are both raised.
    await m.api.updateNotificationSettings({ flapIntervalSec: 0 })
    await goLiveThenDrop(m, Date.now())
    await waitFor(() => heard.some((d) => d.rule === 'down'))
    const down = heard.find((d) => d.rule === 'down')!
    expect(down).toMatchObject({ outcome: 'raised', streamId: STREAM, urgency: 'critical' })
    expect(down.body).toMatch(/reconnect/i)
    await waitFor(() => batches.some((b) => b.decisions.some((d) => d.id === down.id)))
    const log = await m.api.listNotifications({ streamId: STREAM })
    expect(log.map((d) => d.rule)).toContain('down')
    expect(log[0]!.at).toBeGreaterThanOrEqual(log.at(-1)!.at)
  })

  it('a muted stream is suppressed with the reason; unmute restores; the mute is saved', async () => {
    dir = await tempDir()
    const saved: SavedNotifications[] = []
    const m = await start(saved)
    await m.api.updateNotificationSettings({ flapIntervalSec: 0 })
    const status = await m.api.muteStream(STREAM, '1h')
    expect(status.mutes[STREAM]).toBeGreaterThan(Date.now() + 59 * 60_000)
    expect(saved.at(-1)?.state.mutes[STREAM]).toBe(status.mutes[STREAM])
    await goLiveThenDrop(m, Date.now())
    await waitFor(async () => (await m.api.listNotifications({})).some((d) => d.rule === 'down'))
    const down = (await m.api.listNotifications({})).find((d) => d.rule === 'down')!
    expect(down.outcome).toBe('suppressed')
    expect(down.why).toMatch(/^muted until /)
    expect((await m.api.muteStream(STREAM, null)).mutes).toEqual({})
    expect((await m.api.getSnapshot()).notifications.mutes).toEqual({})
  })

  it('pause and rule switches suppress with the reason and come back in the snapshot after a restart', async () => {
    dir = await tempDir()
    const saved: SavedNotifications[] = []
    const m = await start(saved)
    await m.api.pauseNotifications('indefinitely')
    await m.api.updateNotificationSettings({ rules: { live: false }, flapIntervalSec: 0 })
    await goLiveThenDrop(m, Date.now())
    await waitFor(async () => (await m.api.listNotifications({})).length >= 2)
    const log = await m.api.listNotifications({})
    expect(log.find((d) => d.rule === 'live')?.why).toBe('rule off')
    expect(log.find((d) => d.rule === 'down')?.why).toBe('paused until resumed')
    await m.close()
    open.splice(0)
    const again = await start([], saved.at(-1))
    const snap = await again.api.getSnapshot()
    expect(snap.notifications.pausedUntil).toBe('indefinitely')
    expect(snap.notifications.settings.rules.live).toBe(false)
    expect(snap.notifications.settings.flapIntervalSec).toBe(0)
  })

  it('refuses bad input with a clear error and changes nothing', async () => {
    dir = await tempDir()
    const saved: SavedNotifications[] = []
    const m = await start(saved)
    // Refused at the transport, before the core.
    const http = await overHttp(m.api)
    await expect(http.api.muteStream(STREAM, '2h' as never)).rejects.toThrow()
    await expect(http.api.muteStream('', '1h')).rejects.toThrow(/streamId/)
    await expect(http.api.pauseNotifications('forever' as never)).rejects.toThrow()
    await expect(http.api.updateNotificationSettings({ quietHours: { start: '25:00' } })).rejects.toThrow(
      /HH:MM/,
    )
    await expect(http.api.listNotifications({ limit: 0 })).rejects.toThrow()
    await http.close()
    expect(saved).toEqual([])
    expect((await m.api.getSnapshot()).notifications).toMatchObject({ pausedUntil: null, mutes: {} })
  })

  it('a burst of bad signatures raises one "wrong signing secret?" decision', async () => {
    dir = await tempDir()
    const m = await start()
    for (let i = 0; i < 6; i++) {
      await m.intake.reject({
        receivedAt: Date.now(),
        reason: 'bad signature',
        status: 401,
        size: 10,
        preview: '',
        headers: [],
      })
    }
    await waitFor(async () => (await m.api.listNotifications({})).some((d) => d.rule === 'rejected-burst'))
    const bursts = (await m.api.listNotifications({})).filter((d) => d.rule === 'rejected-burst')
    expect(bursts).toHaveLength(1)
    expect(bursts[0]!.outcome).toBe('raised')
  })
})
