// Notifications in the dashboard against a real `serve`: the log fills from signed
// deliveries, a mute set on the stream page suppresses with the reason and survives a
// page reload (the core keeps it), and notification rules are saved from Settings.
import { join } from 'node:path'
import { expect, test } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')
const MAIN = 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4'
const data = (status: string) => ({ status, reconnectWindow: 60, metadata: { name: 'Main Stage' } })

test('log, per-stream mute and notification settings', async ({ page, served }) => {
  await page.goto(served.dashboardUrl)
  const now = Date.now()
  await served.send({
    type: 'video.live_stream.active',
    streamId: MAIN,
    at: now - 3000,
    data: data('active'),
  })
  await expect(page.locator(`[data-testid="stream-row"][data-stream-id="${MAIN}"]`)).toBeVisible()

  // Mute the stream from its page, then it drops: the decision is logged as suppressed, with why.
  await page.goto(`${served.dashboardUrl.split('#')[0]}#/streams/${MAIN}`)
  await page.getByTestId('mute-1h').click()
  await expect(page.getByTestId('mute-state')).toContainText('muted until')
  await served.send({
    type: 'video.live_stream.disconnected',
    streamId: MAIN,
    at: now - 1000,
    data: data('active'),
  })

  await page.getByRole('navigation').getByRole('link', { name: 'Notifications', exact: true }).click()
  const live = page.locator('[data-testid="decision-row"][data-rule="live"]')
  const down = page.locator('[data-testid="decision-row"][data-rule="down"]')
  await expect(live).toHaveAttribute('data-outcome', 'raised')
  await expect(live).toContainText('Main Stage')
  await expect(down).toHaveAttribute('data-outcome', 'suppressed')
  await expect(down).toContainText(/muted until/)
  await expect(page.getByTestId('active-mutes')).toContainText('Main Stage')
  await page.screenshot({ path: join(OUT, 'notifications-light.png'), fullPage: true })

  // The mute lives in the core: a reload still shows it; unmute from the list.
  await page.reload()
  await expect(page.getByTestId('active-mutes')).toContainText('Main Stage')
  await page.getByTestId('active-mutes').getByTestId('unmute').click()
  await expect(page.getByTestId('active-mutes')).toHaveCount(0)

  // Pause everything, then resume.
  await page.getByTestId('pause-4h').click()
  await expect(page.getByTestId('pause-state')).toContainText('paused until')
  await page.getByTestId('resume').click()
  await expect(page.getByTestId('pause-1h')).toBeVisible()

  // Turn a rule off in Settings; it stays off after a reload.
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click()
  await page.getByTestId('rule-ended').uncheck()
  await page.getByTestId('notification-settings-save').click()
  await expect(page.getByTestId('notification-settings').getByRole('status')).toHaveText('Saved.')
  await page.reload()
  await expect(page.getByTestId('rule-ended')).not.toBeChecked()
  await expect(page.getByTestId('rule-down')).toBeChecked()
})
