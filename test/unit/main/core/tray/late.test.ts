// The tray marks late streams: "1 late" in the tooltip and the status line, the reason on the row.
import { describe, expect, it } from 'vitest'
import { buildTrayMenu, type MenuStream } from '../../../../../src/main/core/tray/menu.ts'
import { lateLine, trayTooltip } from '../../../../../src/main/core/tray/summary.ts'
import type { Schedule } from '../../../../../src/shared/schedule.ts'

const T0 = Date.UTC(2025, 2, 30, 8, 10)
const SCHEDULE: Schedule = {
  kind: 'weekly',
  days: [0],
  time: '10:00',
  graceMin: 5,
  end: null,
  endGraceMin: 5,
  timeZone: 'Europe/Berlin',
}

const late: MenuStream = {
  id: 'main',
  name: 'Main Stage',
  status: 'idle',
  health: 'degraded',
  healthReason: 'expected live at 10:00, not live',
  healthSince: T0 - 5 * 60_000,
  reconnectDeadline: null,
  schedule: { schedule: SCHEDULE, next: null, watch: 'late' },
}
const healthy: MenuStream = {
  ...late,
  id: 'b',
  name: 'B',
  status: 'active',
  health: 'healthy',
  healthReason: 'live',
  schedule: { schedule: SCHEDULE, next: null, watch: null },
}
const plain: MenuStream = { ...healthy, id: 'c', name: 'C' }
delete plain.schedule

describe('late streams on the tray', () => {
  it('counts only streams the watchdog calls late', () => {
    expect(lateLine([late, healthy, plain])).toBe('1 late')
    expect(lateLine([late, { ...late, id: 'x' }])).toBe('2 late')
    expect(lateLine([healthy, plain])).toBeNull()
  })

  it('the tooltip says so after the counts; without late streams it is as before', () => {
    expect(trayTooltip({ snapshots: [late, healthy], paused: null, now: T0 })).toBe(
      'FastPix Live Monitor — 1 degraded, 1 healthy; 1 late',
    )
    expect(trayTooltip({ snapshots: [healthy, plain], paused: null, now: T0 })).toBe(
      'FastPix Live Monitor — 2 healthy',
    )
  })

  it('the menu status line counts it, and the row gives the reason', () => {
    const menu = buildTrayMenu({
      snapshots: [healthy, late],
      workspaceHealth: 'degraded',
      paused: null,
      now: T0,
    })
    const labels = menu.items.map((i) => (i.type === 'separator' ? '---' : i.label))
    expect(labels[0]).toBe('Workspace degraded — 1 degraded, 1 healthy; 1 late')
    expect(labels).toContain('Main Stage — degraded (expected live at 10:00, not live)')
  })
})
