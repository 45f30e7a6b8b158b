// Schedules in the monitor: set through its API, kept in the workspace folder's
// schedules.json across a restart, late from its own clock, and a late notification.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../src/main/core/logger.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import type { Schedule } from '../../src/shared/schedule.ts'
import { monitorEvent, STREAM } from '../support/events.ts'
import { tempDir, waitFor } from '../support/serve.ts'

let dir = ''
const open: Monitor[] = []
afterEach(async () => {
  for (const m of open.splice(0)) await m.close().catch(() => {})
  await rm(dir, { recursive: true, force: true })
})

let clock = Date.parse('2025-03-30T07:00:00Z')
async function start(logger: Logger = silentLogger): Promise<Monitor> {
  const m = await createMonitor({
    dir,
    signingSecret: 'c2VjcmV0',
    updateIntervalMs: 5,
    now: () => clock,
    logger,
    notifications: { tuning: { startupGraceMs: 0, utcOffset: () => 0 } },
  })
  open.push(m)
  return m
}

/** A single time a minute from now, 0 grace, read in Berlin. */
function soon(): Schedule {
  return {
    kind: 'once',
    at: new Date(clock + 60_000).toISOString(),
    graceMin: 0,
    endAt: null,
    endGraceMin: 5,
    timeZone: 'Europe/Berlin',
  }
}

describe('schedules in the monitor', () => {
  it('are kept across a restart, and the stream turns late (with a notification) at its time', async () => {
    dir = await tempDir()
    clock = Date.parse('2025-03-30T07:00:00Z')
    let m = await start()
    await m.intake.accept(monitorEvent('video.live_stream.created', clock - 60_000, { status: 'idle' }))
    expect(await m.api.setSchedule('no-such-stream', soon())).toBeNull()
    const set = await m.api.setSchedule(STREAM, soon())
    expect(set?.schedule).toEqual({
      schedule: soon(),
      next: { startsAt: clock + 60_000, endsAt: null },
      watch: null,
    })
    await m.close()

    m = await start()
    expect(await m.api.listSchedules()).toEqual({ [STREAM]: soon() })
    // Past the slot: the restored engine catches up on its first tick.
    clock += 2 * 60_000
    await m.intake.accept(monitorEvent('video.live_stream.updated', clock, { status: 'idle' }))
    const stream = await m.api.getStream(STREAM)
    expect(stream).toMatchObject({
      health: 'degraded',
      healthReason: 'expected live at 09:01, not live',
      schedule: { watch: 'late' },
    })
    const transitions = await m.api.listTransitions({ streamId: STREAM })
    expect(
      transitions.some((t) => t.reason === 'expected live at 09:01, not live' && t.cause === 'clock'),
    ).toBe(true)
    await waitFor(
      async () => (await m.api.listNotifications({})).some((d) => d.rule === 'late'),
      5000,
      'a late notification',
    )
    const [late] = (await m.api.listNotifications({})).filter((d) => d.rule === 'late')
    expect(late).toMatchObject({ title: expect.stringContaining('is late'), urgency: 'critical' })

    expect((await m.api.setSchedule(STREAM, null))?.health).toBe('offline')
    await m.close()
    m = await start()
    expect(await m.api.listSchedules()).toEqual({})
  })

  it('an invalid schedules.json is ignored with a warning, and the monitor starts', async () => {
    dir = await tempDir()
    await writeFile(join(dir, 'schedules.json'), '{"schedules": {"s": {"kind": "weekly"}}}')
    const warnings: string[] = []
    const m = await start({ ...silentLogger, warn: (message: string) => warnings.push(message) })
    expect(await m.api.listSchedules()).toEqual({})
    expect(warnings.some((w) => w.startsWith('ignored invalid') && w.includes('schedules.json'))).toBe(true)
  })
})
