// The demo, left to play for ten minutes of its clock, tells a broadcast's story: at least
// one report shows a disconnect, a simulcast target outage, viewer counts and decisions,
// and the late stream's report says it began late for its slot.
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/main/core/logger.ts'
import { memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
} from '../../src/main/core/workspace/controller.ts'
import type { BroadcastReport } from '../../src/shared/report.ts'
import { tempDir, waitFor } from '../support/serve.ts'

const SPEED = 60
const MIN = 60_000
let dir = ''
let controller: WorkspaceController
const reports: BroadcastReport[] = []

beforeAll(async () => {
  dir = await tempDir('fpm-demo-report-')
  controller = await startWorkspaceController({
    store: memoryConfigFile(),
    dataDir: dir,
    webhookPort: 0,
    demoSeed: 7,
    demoSpeed: SPEED,
    // Viewer counts every 30 s of the demo's clock.
    reconcile: { intervalMs: 0, viewersIntervalMs: 30_000 / SPEED },
    logger: silentLogger,
    monitorOptions: async () => ({}),
  })
  const simulator = controller.session().demo?.simulator
  if (!simulator) throw new Error('the demo did not start')
  const start = simulator.now()
  await waitFor(async () => simulator.now() - start >= 10 * MIN, 30_000, 'ten minutes of the demo')
  for (const stream of (await controller.api.getSnapshot()).streams) {
    for (const b of await controller.api.listBroadcasts(stream.id)) {
      reports.push(await controller.api.getBroadcastReport(stream.id, b.number))
    }
  }
}, 60_000)

afterAll(async () => {
  await controller?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the demo after ten minutes', () => {
  it('has broadcasts, one of them with a disconnect and a target outage', () => {
    expect(reports.length).toBeGreaterThan(0)
    const told = reports.filter(
      (r) => r.broadcast.disconnects.length > 0 && r.broadcast.targets.some((t) => t.outages.length > 0),
    )
    expect(
      told.length,
      JSON.stringify(reports.map((r) => [r.stream.name, r.broadcast.disconnects.length])),
    ).toBeGreaterThan(0)
  })

  it("tells of the demo's late stream: its broadcast began late for its slot", () => {
    const late = reports.filter((r) => r.broadcast.late !== null)
    expect(
      late.length,
      JSON.stringify(reports.map((r) => [r.stream.name, r.broadcast.late])),
    ).toBeGreaterThan(0)
    expect(late[0]?.broadcast.late?.reason).toMatch(/expected live at \d\d:\d\d, not live/)
    expect(late[0]?.broadcast.late?.byMs).toBeGreaterThan(0)
  })

  it('keeps viewer counts and decisions for the reports', () => {
    expect(reports.some((r) => r.broadcast.viewers.samples > 0 && r.broadcast.viewers.peak !== null)).toBe(
      true,
    )
    expect(reports.some((r) => r.broadcast.notifications.length > 0)).toBe(true)
  })
})
