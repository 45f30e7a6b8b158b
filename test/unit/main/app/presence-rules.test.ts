// The shell's use of the core tray model and notification rules.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPresenceRules } from '../../../../src/main/app/presence-rules.ts'
import { createNotifier } from '../../../../src/main/core/notify/index.ts'
import type { UpdateBatch } from '../../../../src/shared/api.ts'
import type { StreamSnapshot, Transition } from '../../../../src/shared/domain.ts'

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

function rules(now: () => number = () => T0) {
  const notifier = createNotifier({ now, utcOffset: () => 0, startupGraceMs: 0 })
  return {
    notifier,
    rules: createPresenceRules({ notifier, resourcesDir: BUILD, platform: 'linux', darkMenus: () => false }),
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

const batch = (transitions: Transition[], streams: StreamSnapshot[]): UpdateBatch => ({
  seq: 1,
  streams,
  removedStreamIds: [],
  events: [],
  transitions,
  receiver: null,
  workspaceHealth: 'down',
  settings: null,
})

describe('presence rules', () => {
  it('tray: icon for the workspace health (existing file), worst streams, pause items', () => {
    const { rules: r } = rules()
    const picture = {
      workspaceHealth: 'down' as const,
      streams: new Map([['s1', stream('s1', 'Main Stage', 'down')]]),
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

  it('raises a desktop notification for a stream going down, keyed to open that stream', () => {
    const { rules: r } = rules()
    const s1 = stream('s1', 'Main Stage', 'down')
    const views = r.decideNotifications(
      batch([down], [s1]),
      { workspaceHealth: 'down', streams: new Map([['s1', s1]]) },
      T0,
    )
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({ key: { kind: 'open-stream', streamId: 's1' }, urgency: 'critical' })
    expect(views[0]?.title).toContain('Main Stage')
  })

  it('pause from the tray silences notifications and shows in the tray; resume restores', () => {
    const { rules: r, notifier } = rules()
    const s1 = stream('s1', 'Main Stage', 'down')
    const picture = { workspaceHealth: 'down' as const, streams: new Map([['s1', s1]]) }
    expect(r.act({ kind: 'pause-notifications', choice: '1h' }, T0)).toBe(true)
    expect(notifier.pausedUntil()).toBe(T0 + 3_600_000)
    expect(r.decideNotifications(batch([down], [s1]), picture, T0)).toEqual([])
    expect(r.buildTrayView(picture, T0).icon).toContain('paused')
    expect(r.act({ kind: 'resume-notifications' }, T0)).toBe(true)
    expect(notifier.pausedUntil()).toBeNull()
    expect(r.act({ kind: 'quit' }, T0)).toBe(false)
  })
})
