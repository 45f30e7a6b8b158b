// A past broadcast as an operator opens it: the stream's broadcast list, the report with
// its disconnect, target outage and decisions, and the three downloads. Screenshots of the
// report in light and dark go to test-results/screens/.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures.ts'

const STREAM = 'e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5'
const TARGET = 'f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6'
const OUT = join(import.meta.dirname, '../../test-results/screens')
const MIN = 60_000

const data = (status: string) => ({ status, reconnectWindow: 60, metadata: { name: 'Evening Mass' } })

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a past broadcast opens as a report and downloads as Markdown, HTML and JSON (${colorScheme})`, async ({
    page,
    served,
  }) => {
    const start = Date.now() - 20 * MIN
    const target = (type: string, at: number) =>
      served.send({
        type: `video.live_stream.simulcast_target.${type}`,
        streamId: STREAM,
        at,
        data: {
          simulcastId: TARGET,
          livestreamId: STREAM,
          rtmpUrl: 'rtmps://a.rtmp.youtube.com/live2/e2e-key',
        },
      })
    const steps: [string, number][] = [
      ['connected', start - 20_000],
      ['active', start],
      ['disconnected', start + 5 * MIN],
      ['connected', start + 5 * MIN + 20_000],
      ['idle', start + 15 * MIN],
    ]
    for (const [type, at] of steps) {
      const status = type === 'idle' ? 'idle' : type === 'connected' && at < start ? 'preparing' : 'active'
      expect(
        await served.send({ type: `video.live_stream.${type}`, streamId: STREAM, at, data: data(status) }),
      ).toBe(202)
      if (type === 'active') expect(await target('broadcasting', start + 10_000)).toBe(202)
      if (type === 'disconnected') expect(await target('disconnected', at + 1000)).toBe(202)
      if (type === 'idle') expect(await target('idle', at + 1000)).toBe(202)
    }

    await page.emulateMedia({ colorScheme })
    await page.goto(`${served.dashboardUrl.split('#')[0]}#/streams/${STREAM}`)
    const row = page.getByTestId('broadcast-row')
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('#1')
    await expect(row).toContainText('15 min')
    await expect(row).toContainText('1 disconnect')
    await row.getByRole('link').click()

    const report = page.getByTestId('broadcast-report')
    await expect(report.getByRole('heading', { level: 1 })).toHaveText('Evening Mass — broadcast 1')
    await expect(report.getByTestId('report-disconnects')).toContainText('20 s, reconnected in time')
    await expect(report.getByTestId('report-targets')).toContainText('YouTube')
    await expect(report.getByTestId('report-targets')).toContainText('waiting for the encoder 20 s')
    // Told 20 minutes late, the changes were not worth a notification: the log says so, and why.
    await expect(report.getByTestId('report-notifications')).toContainText('livesuppressedstale')
    // Delivered 15 minutes late, the disconnect is judged at arrival: past its reconnect window, so
    // "unknown" rather than "down" — either way one span that is not healthy.
    await expect(
      report.getByTestId('report-health-strip').locator('[data-state="down"], [data-state="unknown"]'),
    ).toHaveCount(1)
    await page.screenshot({ path: join(OUT, `report-${colorScheme}.png`), fullPage: true })

    for (const [format, check] of [
      ['md', (text: string) => expect(text).toContain('# Evening Mass — broadcast 1')],
      ['html', (text: string) => expect(text).toMatch(/^<!doctype html>[\s\S]*<svg class="chart"/)],
      [
        'json',
        (text: string) =>
          expect(JSON.parse(text).broadcast).toMatchObject({
            durationMs: 15 * MIN,
            disconnects: [{ durationMs: 20_000, reconnected: true }],
          }),
      ],
    ] as const) {
      const download = page.waitForEvent('download')
      await report.getByTestId(`download-${format}`).click()
      const file = await download
      expect(file.suggestedFilename()).toMatch(
        new RegExp(`^Evening-Mass-broadcast-1-\\d{8}-\\d{4}Z\\.${format}$`),
      )
      check(await readFile((await file.path()) as string, 'utf8'))
    }
  })
}
