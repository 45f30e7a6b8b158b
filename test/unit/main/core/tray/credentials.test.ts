// The tray while FastPix refuses the workspace's access token: a row under the status line
// that opens the dashboard (its banner has the way to re-enter it), and the tooltip's first words.
import { describe, expect, it } from 'vitest'
import { buildTrayMenu, type MenuStream } from '../../../../../src/main/core/tray/menu.ts'
import { trayTooltip } from '../../../../../src/main/core/tray/summary.ts'

const T0 = Date.UTC(2025, 2, 1, 14, 31, 5)
const main: MenuStream = {
  id: 'main',
  name: 'Main Stage',
  status: 'active',
  health: 'healthy',
  healthReason: 'live',
  healthSince: T0 - 60_000,
  reconnectDeadline: null,
}

describe('tray: credentials rejected', () => {
  it('a row right under the status line, opening the dashboard; none while FastPix takes the token', () => {
    const input = { snapshots: [main], workspaceHealth: 'healthy' as const, paused: null, now: T0 }
    const rejected = buildTrayMenu({ ...input, credentialsRejected: true }).items
    expect(rejected[1]).toEqual({
      type: 'item',
      id: 'credentials',
      label: 'FastPix rejected the access token — open to re-enter it…',
      enabled: true,
      action: { kind: 'open-dashboard' },
    })
    expect(rejected[3]).toMatchObject({ id: 'stream:main' })
    const fine = buildTrayMenu({ ...input, credentialsRejected: false }).items
    expect(fine.some((i) => i.id === 'credentials')).toBe(false)
  })

  it('the tooltip says it first, so a long tooltip never cuts it off', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...main, id: `s${i}`, health: 'down' as const }))
    const text = trayTooltip({ snapshots: many, paused: T0 + 3_600_000, now: T0, credentialsRejected: true })
    expect(text.startsWith('FastPix Live Monitor — FastPix rejected the access token; 40 down')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(127)
    expect(trayTooltip({ snapshots: [main], paused: null, now: T0 })).toBe('FastPix Live Monitor — 1 healthy')
  })
})
