// @vitest-environment happy-dom
// One target, one name: a scripted stream with one simulcast target, driven through the
// real core (redaction, health engine, notifier, tray menu), shows the same name on the
// board's reason and chip, in the notification, in the tray menu, in the event log and
// in the stream detail.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { normalizeDelivery } from '../../../../src/main/core/events/normalize.ts'
import { createHealthEngine } from '../../../../src/main/core/health/engine.ts'
import { publicSnapshot } from '../../../../src/main/core/health/public-snapshot.ts'
import { createNotifier } from '../../../../src/main/core/notify/notifier.ts'
import { buildTrayMenu } from '../../../../src/main/core/tray/menu.ts'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Board } from '../../../../src/renderer/src/views/Board.tsx'
import { EventLog } from '../../../../src/renderer/src/views/EventLog.tsx'
import { StreamDetail } from '../../../../src/renderer/src/views/StreamDetail.tsx'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { MonitorEvent } from '../../../../src/shared/domain.ts'
import { makeSnapshot } from '../fixtures.ts'

const STREAM = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2'
const TARGET = '8304a853c3c3c3c3c3c3c3c3c3c3c3c3'
const KEY = 'FB-6815115512345678-0-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'
const T0 = Date.parse('2026-05-20T12:55:00.000Z')
const NAME = 'Facebook'

let n = 0
function delivered(type: string, at: number, data: Record<string, unknown>): MonitorEvent {
  n++
  const body = {
    type,
    id: `5d0c3a1e-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    object: { type: 'live', id: STREAM },
    createdAt: new Date(at).toISOString(),
    data,
  }
  const result = normalizeDelivery(body, { receivedAt: at + 100, verification: 'verified' })
  if (!result.ok) throw new Error(result.reason)
  return result.event
}

const stream = (status: string) => ({ streamId: STREAM, status, metadata: { name: 'Studio B' } })
const events = [
  delivered('video.live_stream.connected', T0 - 10_000, stream('preparing')),
  delivered('video.live_stream.active', T0, stream('active')),
  delivered('video.live_stream.simulcast_target.starting', T0 + 1_000, {
    simulcastId: TARGET,
    livestreamId: STREAM,
    rtmpUrl: `rtmps://live-api-s.facebook.com:443/rtmp/${KEY}`,
    streamKey: KEY,
    metadata: { livestream_name: 'Studio B' },
  }),
]

describe('one simulcast target, one name on every surface', () => {
  beforeEach(() => {
    resetMonitorState()
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  })
  afterEach(() => {
    cleanup()
    setStateApi(null)
  })

  it('board reason and chip, notification, tray menu, event log and detail agree', async () => {
    const engine = createHealthEngine()
    for (const e of events) engine.apply(e, e.occurredAt)
    // Never broadcasts: the clock stalls it 31 s after it started.
    const at = T0 + 32_000
    const transitions = engine.tick(at)
    const snapshot = engine.get(STREAM)!
    expect(snapshot.simulcastTargets[0]?.displayName).toBe(NAME)

    // Core surfaces: the stream's reason, the notification and the tray menu.
    expect(snapshot.healthReason).toBe(
      `simulcast target ${NAME} stalled (starting for 31 s without broadcasting)`,
    )
    const notifier = createNotifier({ now: () => at, startupGraceMs: 0 })
    const decision = notifier
      .consider(transitions, { streams: [snapshot] })
      .find((d) => d.rule === 'target-stalled')
    expect(decision?.body).toBe(`Target ${NAME}: stalled (starting for 31 s without broadcasting).`)
    const menu = buildTrayMenu({
      snapshots: engine.snapshots(),
      workspaceHealth: engine.workspaceHealth(),
      paused: null,
      now: at,
      utcOffset: () => 0,
    })
    const row = menu.items.find((i) => i.id === `stream:${STREAM}`)
    expect(row?.type === 'item' ? row.label : '').toContain(`simulcast target ${NAME} stalled`)

    // The renderer gets the public snapshot and shows what the core derived.
    const stored = events.map((e) => ({ ...e }))
    setStateApi({
      // The stream page lists its broadcasts (none in these tests).
      listBroadcasts: async () => [],
      async listEvents() {
        return { events: [...stored].reverse(), nextCursor: null }
      },
      async getEvent(id: string) {
        return stored.find((e) => e.id === id) ?? null
      },
      async listTransitions() {
        return transitions
      },
    } as Partial<MonitorApi> as MonitorApi)
    useMonitor.getState().applySnapshot(makeSnapshot([publicSnapshot(snapshot)], { serverTime: at }))
    useMonitor.setState({ clockOffset: at - Date.now() })
    useTicker.setState({ now: Date.now() })

    const board = render(<Board />)
    expect(screen.getByTestId('stream-reason').textContent).toContain(`simulcast target ${NAME} stalled`)
    expect(within(screen.getByTestId('target-chip')).getByText(NAME)).toBeTruthy()
    board.unmount()

    const log = render(<EventLog />)
    await waitFor(() => expect(screen.queryAllByTestId('event-row')).toHaveLength(3))
    const targetRow = screen
      .getAllByTestId('event-row')
      .find((r) => r.dataset.eventType === 'video.live_stream.simulcast_target.starting')
    expect(targetRow?.querySelector('.ev-target')?.textContent).toBe(NAME)
    log.unmount()

    render(<StreamDetail id={STREAM} />)
    await waitFor(() => expect(screen.getAllByTestId('transition-row').length).toBeGreaterThan(0))
    expect(within(screen.getByTestId('target-list')).getByText(NAME)).toBeTruthy()
    const change = screen.getAllByTestId('transition-row').find((r) => r.dataset.target === 'target')
    expect(change?.textContent).toContain(NAME)

    // And the stream key reached none of them.
    expect(JSON.stringify({ snapshot, decision, menu })).not.toContain(KEY)
    expect(document.body.innerHTML).not.toContain(KEY)
  })
})
