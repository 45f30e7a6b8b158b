// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hrefOf, parseRoute } from '../../../../src/renderer/src/router.ts'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { resetMonitorState } from '../../../../src/renderer/src/state/monitor.ts'
import { BroadcastReportView } from '../../../../src/renderer/src/views/BroadcastReport.tsx'
import { PastBroadcasts } from '../../../../src/renderer/src/views/PastBroadcasts.tsx'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { BroadcastReport } from '../../../../src/shared/report.ts'
import golden from '../../main/core/report/golden/scripted-broadcast.json'

// The golden report of the scripted broadcast (test/unit/main/core/report/).
const REPORT = golden as BroadcastReport
const ID = REPORT.stream.id

describe('broadcasts and their reports in the dashboard', () => {
  const exports: unknown[][] = []
  beforeEach(() => {
    resetMonitorState()
    exports.length = 0
    setStateApi({
      listBroadcasts: async () => [
        {
          number: 2,
          startedAt: '2026-12-06T20:00:00.000Z',
          endedAt: null,
          durationMs: 600_000,
          disconnects: 0,
          live: true,
        },
        {
          number: 1,
          startedAt: REPORT.broadcast.startedAt,
          endedAt: REPORT.broadcast.endedAt,
          durationMs: 3_600_000,
          disconnects: 1,
          live: false,
        },
      ],
      getBroadcastReport: async (_id, n) => {
        if (n !== 1) throw new Error('Sunday service has no broadcast number 9: it has 2 (1–2).')
        return REPORT
      },
      exportBroadcastReport: async (...args) => {
        exports.push(args)
        return {
          filename: 'Sunday-service-broadcast-1.md',
          contentType: 'text/markdown; charset=utf-8',
          body: '# x',
        }
      },
    } as Partial<MonitorApi> as MonitorApi)
  })
  afterEach(() => {
    cleanup()
    setStateApi(null)
    vi.restoreAllMocks()
  })

  it('routes #/streams/ID/broadcasts/N both ways', () => {
    const route = { view: 'broadcast', id: ID, number: 3 } as const
    expect(hrefOf(route)).toBe(`#/streams/${ID}/broadcasts/3`)
    expect(parseRoute(hrefOf(route))).toEqual(route)
    expect(parseRoute(`#/streams/${ID}/broadcasts/0`)).toEqual({ view: 'board' })
  })

  it('lists broadcasts newest first, each a link to its report', async () => {
    render(<PastBroadcasts id={ID} />)
    const rows = await screen.findAllByTestId('broadcast-row')
    expect(rows.map((r) => r.dataset.number)).toEqual(['2', '1'])
    expect(rows[0]?.textContent).toContain('live now')
    expect(rows[1]?.textContent).toContain('1 h')
    expect(rows[1]?.textContent).toContain('1 disconnect')
    expect(
      within(rows[1] as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe(`#/streams/${ID}/broadcasts/1`)
  })

  it('shows the report: figures, health, disconnects, targets, decisions, corrections, delivery', async () => {
    render(<BroadcastReportView id={ID} number={1} />)
    expect(await screen.findByRole('heading', { level: 1 })).toHaveProperty(
      'textContent',
      'Sunday service — broadcast 1',
    )
    expect(screen.getByTestId('report-disconnects').textContent).toContain('25 s, reconnected in time')
    expect(screen.getByTestId('report-disconnects').textContent).toContain('40 viewers when it began')
    expect(screen.getByTestId('report-targets').textContent).toContain('stalled 9 min')
    expect(screen.getByTestId('report-notifications').textContent).toContain('flap damping')
    expect(screen.getByTestId('report-corrections').textContent).toContain('missed: name changed')
    expect(screen.getByTestId('report-delivery').textContent).toContain('2 out of order')
    const strip = screen.getByTestId('report-health-strip')
    expect([...strip.querySelectorAll('[data-state]')].map((s) => s.getAttribute('data-state'))).toEqual([
      'healthy',
      'down',
      'healthy',
      'degraded',
      'healthy',
    ])
  })

  it("downloads each format in the reader's time zone", async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    render(<BroadcastReportView id={ID} number={1} />)
    fireEvent.click(await screen.findByTestId('download-md'))
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1))
    expect(exports).toEqual([[ID, 1, { format: 'md', tz: Intl.DateTimeFormat().resolvedOptions().timeZone }]])
  })

  it('says in words when the broadcast does not exist', async () => {
    render(<BroadcastReportView id={ID} number={9} />)
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Sunday service has no broadcast number 9: it has 2 (1–2).',
    )
  })
})
