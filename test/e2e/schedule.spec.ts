// The schedule editor as an operator uses it: a weekly slot saved on the stream's page shows
// on the board as "next: …" and survives a reload; a slot already past its grace turns the
// stream late at once, with the watchdog's words; bad input is refused in words and saves
// nothing; clearing the schedule ends the watch.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

const STREAM = 'c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7'
const ZONE = 'Europe/Berlin'
const MIN = 60_000

/** HH:MM of `at` in ZONE, as the watchdog writes it. */
const clockIn = (at: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)

/** `YYYY-MM-DDTHH:MM` of `at` in ZONE, what a datetime-local input holds. */
const wallClockIn = (at: number): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

async function openStream(page: Page, dashboardUrl: string): Promise<void> {
  await page.goto(`${dashboardUrl.split('#')[0]}#/streams/${STREAM}`)
  await expect(page.getByTestId('schedule-editor')).toBeVisible()
}

test.describe('schedule editor', () => {
  test.beforeEach(async ({ served }) => {
    // An idle stream the operator expects live at set times.
    expect(
      await served.send({
        type: 'video.live_stream.created',
        streamId: STREAM,
        at: Date.now() - 10 * MIN,
        data: { status: 'idle', reconnectWindow: 60, metadata: { name: 'Sunday Service' } },
      }),
    ).toBe(202)
  })

  test('a weekly slot is saved, shown on the board as "next:", and kept across a reload', async ({
    page,
    served,
  }) => {
    await openStream(page, served.dashboardUrl)
    const editor = page.getByTestId('schedule-editor')
    await expect(editor.getByTestId('schedule-current')).toContainText('No schedule')

    await editor.getByTestId('schedule-kind-weekly').click()
    // Sunday is ticked by default; add Wednesday.
    await expect(editor.getByTestId('schedule-day-0')).toBeChecked()
    await editor.getByTestId('schedule-day-3').check()
    await editor.getByTestId('schedule-time').fill('10:00')
    await editor.getByTestId('schedule-end-kind').selectOption('duration')
    await editor.getByTestId('schedule-end-minutes').fill('90')
    await editor.getByTestId('schedule-grace').fill('5')
    await editor.getByTestId('schedule-zone').fill(ZONE)
    await editor.getByTestId('schedule-save').click()

    await expect(editor.getByTestId('schedule-status')).toHaveText('Saved.')
    const summary = editor.getByTestId('schedule-current')
    await expect(summary).toContainText(`every Sun, Wed 10:00 ± 5 min, for 90 min (${ZONE})`)
    await expect(summary).toContainText(/next: (Sun|Wed) 10:00/)

    // The API says the same.
    const res = await fetch(`${served.apiUrl}/api/schedules`, {
      headers: { authorization: `Bearer ${served.apiToken}` },
    })
    expect(res.status).toBe(200)
    const { schedules } = (await res.json()) as { schedules: Record<string, { days: number[] }> }
    expect(schedules[STREAM]?.days).toEqual([0, 3])

    await page.goto(served.dashboardUrl)
    const row = page.getByTestId('stream-row').filter({ hasText: 'Sunday Service' })
    await expect(row.getByTestId('stream-next')).toHaveText(/next: (Sun|Wed) 10:00/)

    await page.reload()
    await openStream(page, served.dashboardUrl)
    await expect(page.getByTestId('schedule-current')).toContainText('every Sun, Wed 10:00')
    await expect(page.getByTestId('schedule-kind-weekly')).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByTestId('schedule-day-3')).toBeChecked()
  })

  test('a slot past its grace makes the stream late at once, in the watchdog words; clearing ends it', async ({
    page,
    served,
  }) => {
    await openStream(page, served.dashboardUrl)
    const editor = page.getByTestId('schedule-editor')
    const slot = Date.now() - 3 * MIN
    await editor.getByTestId('schedule-kind-once').click()
    await editor.getByTestId('schedule-zone').fill(ZONE)
    await editor.getByTestId('schedule-once-at').fill(wallClockIn(slot))
    await editor.getByTestId('schedule-grace').fill('1')
    await editor.getByTestId('schedule-save').click()
    await expect(editor.getByTestId('schedule-status')).toHaveText('Saved.')

    await expect(editor.getByTestId('schedule-watch')).toHaveText('· late')
    await page.goto(served.dashboardUrl)
    const row = page.getByTestId('stream-row').filter({ hasText: 'Sunday Service' })
    await expect(row.getByTestId('stream-reason')).toHaveText(`expected live at ${clockIn(slot)}, not live`)
    await expect(row).toHaveAttribute('aria-label', /degraded/)

    await openStream(page, served.dashboardUrl)
    await editor.getByTestId('schedule-kind-none').click()
    await editor.getByTestId('schedule-save').click()
    await expect(editor.getByTestId('schedule-current')).toContainText('No schedule')
    await expect(editor.getByTestId('schedule-watch')).toHaveCount(0)
    await page.goto(served.dashboardUrl)
    await expect(row.getByTestId('stream-reason')).not.toHaveText(/expected live/)
  })

  test('bad input is refused in words and saves nothing', async ({ page, served }) => {
    await openStream(page, served.dashboardUrl)
    const editor = page.getByTestId('schedule-editor')
    await editor.getByTestId('schedule-kind-weekly').click()
    await editor.getByTestId('schedule-day-0').uncheck()
    await editor.getByTestId('schedule-save').click()
    await expect(editor.getByTestId('schedule-status')).toHaveText(/^Days: .+\.$/)

    await editor.getByTestId('schedule-day-0').check()
    await editor.getByTestId('schedule-grace').fill('500')
    await editor.getByTestId('schedule-save').click()
    await expect(editor.getByTestId('schedule-status')).toHaveText(/^Grace: .+\.$/)

    await editor.getByTestId('schedule-grace').fill('5')
    await editor.getByTestId('schedule-zone').fill('Mars/Olympus_Mons')
    await editor.getByTestId('schedule-save').click()
    await expect(editor.getByTestId('schedule-status')).toHaveText(/^Time zone: .+\.$/)

    await expect(editor.getByTestId('schedule-current')).toContainText('No schedule')
    const res = await fetch(`${served.apiUrl}/api/schedules`, {
      headers: { authorization: `Bearer ${served.apiToken}` },
    })
    expect(((await res.json()) as { schedules: Record<string, unknown> }).schedules).toEqual({})
  })
})
