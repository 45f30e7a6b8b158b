import { beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import type {
  MonitorApi,
  MonitorSettings,
  RejectedQuery,
  RejectedRecord,
} from '../../../../src/shared/api.ts'
import { DEFAULT_THRESHOLDS } from '../../../../src/shared/domain.ts'
import { T0 } from '../fixtures.ts'

const record = (seq: number): RejectedRecord => ({
  seq,
  receivedAt: T0 - seq,
  reason: 'bad signature',
  status: 401,
  size: 120,
  preview: '{"type":"video.live_stream.active"}',
  headers: [],
})

describe('rejected deliveries and settings actions', () => {
  beforeEach(() => resetMonitorState())

  it('loads rejected deliveries page by page and starts over on reload', async () => {
    const queries: RejectedQuery[] = []
    setStateApi({
      async listRejected(q: RejectedQuery) {
        queries.push(q)
        return q.cursor
          ? { rejected: [record(3)], nextCursor: null }
          : { rejected: [record(1), record(2)], nextCursor: 'c1' }
      },
    } as Partial<MonitorApi> as MonitorApi)
    await useMonitor.getState().loadRejected()
    await useMonitor.getState().loadRejected(true)
    expect(useMonitor.getState().rejected.items.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(useMonitor.getState().rejected.nextCursor).toBeNull()
    await useMonitor.getState().loadRejected(true)
    expect(queries).toHaveLength(2)
    await useMonitor.getState().loadRejected()
    expect(useMonitor.getState().rejected.items.map((r) => r.seq)).toEqual([1, 2])
  })

  it('saves settings and keeps what the monitor answered, or the error', async () => {
    const saved: MonitorSettings = {
      thresholds: { ...DEFAULT_THRESHOLDS, reconnectWindowSec: 90 },
      retention: { maxAgeDays: 7, maxEvents: 1000 },
      hold: { maxMiB: 50, maxDeliveries: 10_000 },
    }
    let fail = false
    setStateApi({
      async updateSettings() {
        if (fail) throw new Error('thresholds.flapCount: Too small')
        return saved
      },
    } as Partial<MonitorApi> as MonitorApi)
    expect(await useMonitor.getState().saveSettings({ retention: saved.retention })).toBe(true)
    expect(useMonitor.getState().settings).toEqual(saved)
    expect(useMonitor.getState().settingsSave.state).toBe('saved')
    fail = true
    expect(await useMonitor.getState().saveSettings({})).toBe(false)
    expect(useMonitor.getState().settingsSave).toEqual({
      state: 'error',
      error: 'thresholds.flapCount: Too small',
    })
  })
})
