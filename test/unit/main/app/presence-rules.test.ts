// The shell's use of the core tray model and notification rules.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPresenceRules } from '../../../../src/main/app/presence-rules.ts'
import { silentLogger } from '../../../../src/main/core/logger.ts'
import { createNotifier } from '../../../../src/main/core/notify/notifier.ts'
import type { UpdateBatch } from '../../../../src/shared/api.ts'
import type { StreamSnapshot, Transition } from '../../../../src/shared/domain.ts'
import { DEFAULT_NOTIFICATION_SETTINGS, type Decision } from '../../../../src/shared/notify.ts'

const BUILD = join(import.meta.dirname, '../../../../build')
const T0 = Date.parse('2026-11-26T12:00:00Z')

function stream(id: string, name: string, health: StreamSnapshot['health']): StreamSnapshot {
  return {
    id,
    name,
    status: health === 'offline' ? 'idle' : 'active',
    connection: health === 'down' ? 'disconnected' : 'connected',
    health,
    healthReason: health === 'down' ? 'encoder disconnected' : 'live',
    statusSince: T0 - 60_000,
    healthSince: T0,
    reconnectDeadline: health === 'down' ? T0 + 60_000 : null,
    reconnectWindowSec: 60,
    recording: false,
    recentDisconnects: [],
    lastEventAt: T0,
    lastEventType: 'video.live_stream.disconnected',
    lastEventId: 'e1',
    viewerCount: null,
    simulcastTargets: [],
    evaluatedAt: T0,
  }
}

function rules() {
  const pauses: (string | null)[] = []
  const api = {
    pauseNotifications: async (choice: '1h' | '4h' | '8h' | 'indefinitely' | null) => {
      pauses.push(choice)
      return { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} }
    },
  }
  return {
    pauses,
    rules: createPresenceRules({
      api,
      resourcesDir: BUILD,
      platform: 'linux',
      darkMenus: () => false,
      log: silentLogger,
    }),
  }
}

const down: Transition = {
  streamId: 's1',
  targetId: null,
  at: T0,
  fromHealth: 'healthy',
  toHealth: 'down',
  fromStatus: 'active',
  toStatus: 'active',
  fromConnection: 'connected',
  toConnection: 'disconnected',
  reason: 'encoder disconnected',
  eventId: 'e1',
  cause: 'event',
}

const batch = (transitions: Transition[], streams: StreamSnapshot[], decisions: Decision[]): UpdateBatch => ({
  seq: 1,
  streams,
  removedStreamIds: [],
  events: [],
  transitions,
  receiver: null,
  decisions,
  notifications: null,
  workspace: null,
  workspaceHealth: 'down',
  settings: null,
})

describe('presence rules', () => {
  it('tray: icon for the workspace health (existing file), worst streams, pause items', () => {
    const { rules: r } = rules()
    const picture = {
      workspaceHealth: 'down' as const,
      streams: new Map([['s1', stream('s1', 'Main Stage', 'down')]]),
      pausedUntil: null,
    }
    const view = r.buildTrayView(picture, T0)
    expect(view.icon).toContain('down')
    expect(existsSync(view.icon)).toBe(true)
    expect(view.tooltip).toContain('1 down')
    const labels = JSON.stringify(view.items)
    expect(labels).toContain('Main Stage')
    expect(labels).toContain('"kind":"open-stream","streamId":"s1"')
    expect(labels).toContain('"kind":"show-window"')
    expect(labels).toContain('pause-notifications')
  })

  it('shows the core’s raised decisions as desktop notifications, keyed to open their stream', () => {
    const { rules: r } = rules()
    const s1 = stream('s1', 'Main Stage', 'down')
    // The core decides (src/main/core/notify); a muted copy of the same transition is suppressed.
    const raised = createNotifier({ now: () => T0, utcOffset: () => 0, startupGraceMs: 0 }).consider([down], {
      streams: [s1],
    })
    const muted = createNotifier({ now: () => T0, utcOffset: () => 0, startupGraceMs: 0 })
    muted.mute('s1', T0 + 60_000)
    const suppressed = muted.consider([down], { streams: [s1] })
    expect(suppressed[0]?.outcome).toBe('suppressed')
    const views = r.decideNotifications(batch([down], [s1], [...raised, ...suppressed]))
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({ key: { kind: 'open-stream', streamId: 's1' }, urgency: 'critical' })
    expect(views[0]?.title).toContain('Main Stage')
  })

  it('pause and resume from the tray go to the core; the tray shows a pause until it ends', () => {
    const { rules: r, pauses } = rules()
    const s1 = stream('s1', 'Main Stage', 'down')
    expect(r.act({ kind: 'pause-notifications', choice: '1h' })).toBe(true)
    expect(r.act({ kind: 'resume-notifications' })).toBe(true)
    expect(r.act({ kind: 'quit' })).toBe(false)
    expect(pauses).toEqual(['1h', null])
    const paused = {
      workspaceHealth: 'down' as const,
      streams: new Map([['s1', s1]]),
      pausedUntil: T0 + 3_600_000,
    }
    expect(r.buildTrayView(paused, T0).icon).toContain('paused')
    expect(r.buildTrayView(paused, T0 + 3_600_001).icon).not.toContain('paused')
    expect(r.buildTrayView({ ...paused, pausedUntil: 'indefinitely' }, T0 + 9e9).icon).toContain('paused')
  })
})
