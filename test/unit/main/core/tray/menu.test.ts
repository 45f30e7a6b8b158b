// The tray menu model and tooltip: ordering, the cap, labels, pause vs resume.
import { describe, expect, it } from 'vitest'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import { buildTrayMenu, type MenuItem, type MenuStream } from '../../../../../src/main/core/tray/menu.ts'
import { trayTooltip } from '../../../../../src/main/core/tray/summary.ts'
import type { Health, StreamStatus } from '../../../../../src/shared/domain.ts'
import { T0 as H0, simulcast, TARGET, wentLive } from '../health/factory.ts'
import { feed } from '../health/helpers.ts'

const T0 = Date.UTC(2025, 2, 1, 14, 31, 5)
const utc = () => 0

function stream(id: string, health: Health, over: Partial<MenuStream> = {}): MenuStream {
  const status: StreamStatus = health === 'offline' ? 'idle' : 'active'
  const reasons: Record<Health, string> = {
    down: 'encoder disconnected',
    degraded: 'preparing for 75 s',
    unknown: 'reconnect window expired without idle',
    healthy: 'live',
    offline: 'idle',
  }
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    status,
    health,
    healthReason: reasons[health],
    healthSince: T0 - 60_000,
    reconnectDeadline: null,
    ...over,
  }
}

const labels = (items: MenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label))

describe('tray menu', () => {
  it("names a stalled simulcast target as the board does (the core's display name)", () => {
    const engine = createHealthEngine()
    feed(engine, [
      ...wentLive(H0, { name: 'Studio B' }),
      simulcast('starting', TARGET, H0 + 1000, { rtmpUrl: 'rtmp://a.rtmp.youtube.com/live2/<redacted>' }),
    ])
    engine.tick(H0 + 32_000)
    const menu = buildTrayMenu({
      snapshots: engine.snapshots(),
      workspaceHealth: engine.workspaceHealth(),
      paused: null,
      now: H0 + 32_000,
      utcOffset: utc,
    })
    // Clipped to the menu's width, the name still leads the reason.
    expect(labels(menu.items).find((l) => l.startsWith('Studio B'))).toBe(
      'Studio B — degraded (simulcast target YouTube stalled (starting for 31 s withou…',
    )
  })

  it('status line, worst streams first, pause submenu, open dashboard, quit', () => {
    const menu = buildTrayMenu({
      snapshots: [
        stream('alpha', 'healthy'),
        stream('main', 'down', { name: 'Main Stage', reconnectDeadline: T0 + 41_200 }),
        stream('beta', 'degraded'),
        stream('gamma', 'offline'),
        stream('delta', 'unknown'),
      ],
      workspaceHealth: 'down',
      paused: null,
      now: T0,
      utcOffset: utc,
    })
    expect(labels(menu.items)).toEqual([
      'Workspace down — 1 down, 1 degraded, 1 unknown, 1 healthy, 1 offline',
      '---',
      'Main Stage — down (must reconnect within 42 s)',
      'Beta — degraded (preparing for 75 s)',
      'Delta — unknown (reconnect window expired without idle)',
      'Alpha — healthy',
      'Gamma — offline (idle)',
      '---',
      'Pause notifications',
      'Open dashboard',
      '---',
      'Quit',
    ])
    expect(menu.items[0]).toEqual({ type: 'item', id: 'status', label: expect.any(String), enabled: false })
    expect(menu.items[2]).toMatchObject({
      id: 'stream:main',
      enabled: true,
      health: 'down',
      action: { kind: 'open-stream', streamId: 'main' },
    })
    const pause = menu.items.find((i) => i.id === 'pause')
    expect(pause?.type).toBe('submenu')
    if (pause?.type !== 'submenu') return
    expect(pause.items.map((i) => (i.type === 'item' ? [i.label, i.action] : null))).toEqual([
      ['For 1 hour', { kind: 'pause-notifications', choice: '1h' }],
      ['For 4 hours', { kind: 'pause-notifications', choice: '4h' }],
      ['For 8 hours', { kind: 'pause-notifications', choice: '8h' }],
      ['Until resumed', { kind: 'pause-notifications', choice: 'indefinitely' }],
    ])
    expect(menu.items.find((i) => i.id === 'open-dashboard')).toMatchObject({
      action: { kind: 'open-dashboard' },
    })
    expect(menu.items.at(-1)).toMatchObject({ id: 'quit', action: { kind: 'quit' } })
  })

  it('same health: the most recent change first; down past its deadline shows the reason', () => {
    const menu = buildTrayMenu({
      snapshots: [
        stream('old', 'down', { healthSince: T0 - 90_000, reconnectDeadline: T0 - 30_000 }),
        stream('new', 'down', {
          healthSince: T0 - 10_000,
          reconnectDeadline: T0 + 50_000,
          healthReason: 'encoder disconnected',
        }),
      ],
      workspaceHealth: 'down',
      paused: null,
      now: T0,
    })
    expect(labels(menu.items).slice(2, 4)).toEqual([
      'New — down (must reconnect within 50 s)',
      'Old — down (encoder disconnected)',
    ])
  })

  it('at most 8 streams, then a "more" row that opens the dashboard', () => {
    const snapshots = Array.from({ length: 11 }, (_, i) =>
      stream(`s${String(i).padStart(2, '0')}`, i === 10 ? 'down' : 'healthy', { healthSince: T0 - i * 1000 }),
    )
    const menu = buildTrayMenu({ snapshots, workspaceHealth: 'down', paused: null, now: T0 })
    const rows = menu.items.filter((i) => i.id.startsWith('stream:'))
    expect(rows).toHaveLength(8)
    expect(rows[0]!.id).toBe('stream:s10')
    expect(rows.slice(1).map((r) => r.id)).toEqual(
      ['s00', 's01', 's02', 's03', 's04', 's05', 's06'].map((s) => `stream:${s}`),
    )
    expect(menu.items.find((i) => i.id === 'more')).toMatchObject({
      label: '3 more streams…',
      action: { kind: 'open-dashboard' },
    })
  })

  it('no streams yet: only the status line and the actions', () => {
    const menu = buildTrayMenu({ snapshots: [], workspaceHealth: 'empty', paused: null, now: T0 })
    expect(labels(menu.items)).toEqual([
      'No streams yet',
      '---',
      'Pause notifications',
      'Open dashboard',
      '---',
      'Quit',
    ])
  })

  it('when paused, "Resume notifications" replaces the pause submenu', () => {
    const until = buildTrayMenu({
      snapshots: [],
      workspaceHealth: 'empty',
      paused: T0 + 3_600_000,
      now: T0,
      utcOffset: utc,
    })
    expect(until.items.find((i) => i.id === 'resume')).toMatchObject({
      label: 'Resume notifications (paused until 15:31)',
      action: { kind: 'resume-notifications' },
    })
    expect(until.items.find((i) => i.id === 'pause')).toBeUndefined()
    const forever = buildTrayMenu({
      snapshots: [],
      workspaceHealth: 'empty',
      paused: 'indefinitely',
      now: T0,
    })
    expect(forever.items.find((i) => i.id === 'resume')).toMatchObject({
      label: 'Resume notifications (paused until resumed)',
    })
    const expired = buildTrayMenu({ snapshots: [], workspaceHealth: 'empty', paused: T0 - 1, now: T0 })
    expect(expired.items.find((i) => i.id === 'pause')).toBeDefined()
  })

  it('unnamed streams use the short id; deleted ones count as offline; long labels are clipped', () => {
    const menu = buildTrayMenu({
      snapshots: [
        stream('a1b2c3d4e5f6', 'healthy', { name: null }),
        stream('gone', 'offline', { status: 'deleted', healthReason: 'deleted' }),
        stream('long', 'degraded', { healthReason: 'x'.repeat(200) }),
      ],
      workspaceHealth: 'degraded',
      paused: null,
      now: T0,
    })
    const l = labels(menu.items)
    expect(l).toContain('a1b2c3d4… — healthy')
    expect(l).toContain('Gone — offline (deleted)')
    const long = l.find((x) => x.startsWith('Long'))!
    expect(long).toHaveLength(80)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('tray tooltip', () => {
  const snaps = [
    stream('a', 'down'),
    stream('b', 'degraded'),
    stream('c', 'degraded'),
    stream('d', 'healthy'),
  ]

  it.each([
    { snapshots: snaps, paused: null, text: 'FastPix Live Monitor — 1 down, 2 degraded, 1 healthy' },
    { snapshots: [], paused: null, text: 'FastPix Live Monitor — no streams yet' },
    {
      snapshots: [stream('d', 'healthy')],
      paused: T0 + 30 * 60_000,
      text: 'FastPix Live Monitor — 1 healthy; notifications paused until 15:01',
    },
    {
      snapshots: [],
      paused: 'indefinitely' as const,
      text: 'FastPix Live Monitor — no streams yet; notifications paused until resumed',
    },
    { snapshots: [stream('d', 'healthy')], paused: T0 - 1, text: 'FastPix Live Monitor — 1 healthy' },
  ])('$text', ({ snapshots, paused, text }) => {
    expect(trayTooltip({ snapshots, paused, now: T0, utcOffset: utc })).toBe(text)
  })

  it('stays within the 127 characters Windows shows', () => {
    const many = (['down', 'degraded', 'unknown', 'healthy', 'offline'] as const).flatMap((h) =>
      Array.from({ length: 456 }, (_, i) => stream(`${h}${i}`, h)),
    )
    const text = trayTooltip({ snapshots: many, paused: T0 + 10 * 86_400_000, now: T0, utcOffset: utc })
    expect(text.length).toBeLessThanOrEqual(127)
  })
})
