// Screenshots of the demo workspace for a person to look at: the board, a stream's
// detail, the event log (with its detail pane), the notification log and Settings, in
// the light and the dark theme.
// Saved to test-results/screens/*.png.
import { join } from 'node:path'
import { expect, test } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')

test.use({ serveOptions: { secret: null, demo: true, args: ['--demo-speed', '20', '--demo-seed', '7'] } })

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screens of the demo workspace (${colorScheme})`, async ({ page, served }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto(served.dashboardUrl)

    // The demo's six streams are in and its scenarios are mid-play: some live and fine, at
    // least one down or degraded (right after start, or between rounds, all are offline).
    const streams = page.getByTestId('stream-row')
    await expect(async () => {
      const healths = await streams.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-health')))
      expect(healths).toHaveLength(6)
      expect(healths).toContain('healthy')
      expect(healths.filter((h) => h === 'down' || h === 'degraded').length).toBeGreaterThan(0)
    }).toPass({ timeout: 40_000, intervals: [250] })
    await page.screenshot({ path: join(OUT, `board-${colorScheme}.png`), fullPage: true })

    // The worst stream's detail (the board sorts worst first).
    await streams.first().getByTestId('stream-name').click()
    await expect(page.getByTestId('stream-detail')).toBeVisible()
    await expect(page.getByTestId('timeline')).toBeVisible()
    await page.screenshot({ path: join(OUT, `stream-${colorScheme}.png`), fullPage: true })

    await page.getByRole('link', { name: 'Events', exact: true }).click()
    const rows = page.getByTestId('event-row')
    await expect(rows.nth(10)).toBeVisible()
    await page.screenshot({ path: join(OUT, `events-${colorScheme}.png`), fullPage: true })

    // A simulcast or status event with a predecessor, so the diff has something to show.
    await page.getByTestId('event-follow').click()
    await rows.nth(3).click()
    const detail = page.getByTestId('event-detail')
    await expect(detail.getByTestId('event-json')).toBeVisible()
    await expect(detail.getByTestId('event-diff')).not.toHaveAttribute('data-state', 'loading')
    await page.screenshot({ path: join(OUT, `event-detail-${colorScheme}.png`), fullPage: true })
    await detail.getByTestId('event-diff').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(OUT, `event-diff-${colorScheme}.png`), fullPage: true })

    // The notification log (the demo's streams have gone live and dropped by now) and Settings.
    await page.getByRole('navigation').getByRole('link', { name: 'Notifications', exact: true }).click()
    await expect(page.getByTestId('decision-row').first()).toBeVisible()
    await page.screenshot({ path: join(OUT, `notifications-demo-${colorScheme}.png`), fullPage: true })
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click()
    await expect(page.getByTestId('workspace-settings')).toBeVisible()
    await page.screenshot({ path: join(OUT, `settings-${colorScheme}.png`), fullPage: true })
  })
}
