// The desktop presence follows the workspace status's credential rejection: the tray
// says so from the snapshot on, re-renders when a batch changes it, and the tray view
// built from the core's model carries the row and the tooltip words.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startPresence, type WorkspacePicture } from '../../../../src/main/app/presence.ts'
import { createPresenceRules } from '../../../../src/main/app/presence-rules.ts'
import { createAppSignals } from '../../../../src/main/app/signals.ts'
import { silentLogger } from '../../../../src/main/core/logger.ts'
import type { MonitorApi, MonitorSnapshot, UpdateBatch } from '../../../../src/shared/api.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../src/shared/notify.ts'
import type { CredentialRejection, WorkspaceStatus } from '../../../../src/shared/workspace.ts'

const REJECTED: CredentialRejection = { status: 401, message: 'no', during: 'reconcile', since: 1 }
const status = (rejected: CredentialRejection | null) =>
  ({ fastpix: { rejected } }) as unknown as WorkspaceStatus

const batch = (seq: number, c: WorkspaceStatus | null): UpdateBatch => ({
  seq,
  streams: [],
  removedStreamIds: [],
  events: [],
  decisions: [],
  notifications: null,
  workspace: c,
  transitions: [],
  receiver: null,
  workspaceHealth: null,
  settings: null,
})

describe('presence: credentials rejected', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('from the snapshot, then as batches change it (and only then)', async () => {
    let listener: ((b: UpdateBatch) => void) | null = null
    const api = {
      getSnapshot: async () =>
        ({
          seq: 1,
          streams: [],
          workspaceHealth: 'empty',
          notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} },
          workspace: status(REJECTED),
        }) as unknown as MonitorSnapshot,
      onUpdate: (l: (b: UpdateBatch) => void) => {
        listener = l
        return () => (listener = null)
      },
    } as unknown as MonitorApi
    const seen: (boolean | undefined)[] = []
    const presence = await startPresence({
      api,
      tray: { show: vi.fn(), destroy: vi.fn() },
      desktopNotifications: { show: vi.fn(), closeAll: vi.fn() },
      signals: createAppSignals(),
      log: silentLogger,
      buildTrayView: (p) => {
        seen.push(p.credentialsRejected)
        return { icon: 'i', tooltip: 't', items: [] }
      },
      decideNotifications: () => [],
    })
    const push = (b: UpdateBatch) => (listener as ((b: UpdateBatch) => void) | null)?.(b)
    push(batch(2, status(REJECTED)))
    push(batch(3, null))
    await vi.advanceTimersByTimeAsync(1000)
    expect(seen).toEqual([true])
    push(batch(4, status(null)))
    await vi.advanceTimersByTimeAsync(1000)
    expect(seen).toEqual([true, false])
    presence.stop()
  })

  it('the tray view carries the row and the tooltip words', () => {
    const rules = createPresenceRules({
      api: {
        pauseNotifications: async () => ({
          settings: DEFAULT_NOTIFICATION_SETTINGS,
          pausedUntil: null,
          mutes: {},
        }),
      },
      resourcesDir: join(import.meta.dirname, '../../../../build'),
      platform: 'linux',
      darkMenus: () => false,
      log: silentLogger,
    })
    const picture: WorkspacePicture = {
      workspaceHealth: 'empty',
      streams: new Map(),
      pausedUntil: null,
      credentialsRejected: true,
    }
    const view = rules.buildTrayView(picture, Date.now())
    expect(view.tooltip).toBe('FastPix Live Monitor — FastPix rejected the access token; no streams yet')
    expect(view.items[1]).toEqual({
      type: 'item',
      label: 'FastPix rejected the access token — open to re-enter it…',
      enabled: true,
      action: { kind: 'show-window' },
    })
    expect(rules.buildTrayView({ ...picture, credentialsRejected: false }, Date.now()).tooltip).not.toContain(
      'rejected',
    )
  })
})
