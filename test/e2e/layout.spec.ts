// Text that must stay readable at any window width: the timeline's time labels never
// overlap (1 h / 6 h / 24 h, narrow and wide), and the event log's Received column is
// never cut off, however old the event. Screens go to test-results/screens/.
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { type Delivery, expect, type Served, test } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')
const STAGE = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3'
const HOUR = 3_600_000

const at = (type: string, ago: number, status: string, now: number): Delivery => ({
  type: `video.live_stream.${type}`,
  streamId: STAGE,
  at: now - ago,
  data: { status, reconnectWindow: 60, metadata: { name: 'Night Stage' } },
})

/** A day of one stream's life: live since yesterday, a drop five hours ago, a restart. */
async function sendDay(served: Served): Promise<void> {
  const now = Date.now()
  const day: Delivery[] = [
    at('preparing', 23 * HOUR, 'preparing', now),
    at('active', 23 * HOUR - 30_000, 'active', now),
    at('disconnected', 5 * HOUR, 'active', now),
    at('connected', 5 * HOUR - 20_000, 'active', now),
    at('idle', 3 * HOUR, 'idle', now),
    at('preparing', 40 * 60_000, 'preparing', now),
    at('active', 39 * 60_000, 'active', now),
  ]
  for (const d of day) expect(await served.send(d)).toBe(202)
}

/** Boxes of the visible labels, left to right. */
async function boxes(labels: Locator): Promise<{ text: string; left: number; right: number }[]> {
  const all = await labels.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect()
      return { text: el.textContent ?? '', left: r.left, right: r.right }
    }),
  )
  return all.sort((a, b) => a.left - b.left)
}

async function expectNoOverlap(page: Page, what: string): Promise<void> {
  const labels = await boxes(page.locator('.tl-axis .tl-tick'))
  // "now" and at least one time label, even in a narrow window.
  expect(labels.length, what).toBeGreaterThanOrEqual(2)
  expect(labels.at(-1)?.text).toBe('now')
  for (let i = 1; i < labels.length; i++) {
    expect(
      labels[i]!.left,
      `${what}: "${labels[i - 1]!.text}" runs into "${labels[i]!.text}"`,
    ).toBeGreaterThan(labels[i - 1]!.right)
  }
}

for (const [name, width] of [
  ['narrow', 700],
  ['wide', 1800],
] as const) {
  test(`the timeline's time labels never overlap (${name} window)`, async ({ page, served }) => {
    await page.setViewportSize({ width, height: 900 })
    await sendDay(served)
    await page.goto(`${served.dashboardUrl}#/streams/${STAGE}`)
    await expect(page.getByTestId('timeline')).toBeVisible()
    for (const range of ['1h', '6h', '24h'] as const) {
      await page.getByTestId(`range-${range}`).click()
      await expect(page.getByTestId(`range-${range}`)).toHaveAttribute('aria-pressed', 'true')
      await expect(page.getByTestId('history-loading')).toHaveCount(0)
      await expect(page.locator('.tl-axis .tl-tick:not(.tl-now)').first()).toBeVisible()
      await expectNoOverlap(page, `${range} at ${width} px`)
      if (range !== '6h')
        await page.getByTestId('timeline').screenshot({ path: join(OUT, `timeline-${range}-${name}.png`) })
    }
  })
}

/** Every Received cell shows its whole text (no ellipsis). */
async function expectReceivedWhole(page: Page, what: string): Promise<void> {
  const cells = await page
    .getByTestId('event-row')
    .locator('.ev-time')
    .evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', scroll: el.scrollWidth, client: el.clientWidth })),
    )
  expect(cells.length).toBeGreaterThan(0)
  for (const cell of cells)
    expect(
      cell.scroll,
      `${what}: "${cell.text}" is cut (${cell.client} of ${cell.scroll} px)`,
    ).toBeLessThanOrEqual(cell.client)
}

test("the event log's Received column shows the whole time at 1400 px and narrower", async ({
  page,
  served,
}) => {
  await sendDay(served)
  await page.goto(`${served.dashboardUrl}#/events`)
  const rows = page.getByTestId('event-row')
  await expect(rows).toHaveCount(7)
  const received = rows.first().locator('.ev-time')
  // The longest ages the log writes: the page's clock moved on, the events stay where they were.
  const start = Date.now()
  const ages: [number, RegExp][] = [
    [9 * 60_000 + 58_000, /^9 min 5\d s ago$/],
    [23 * HOUR + 59 * 60_000, /^23 h 59 min ago$/],
    [16 * 24 * HOUR + 23 * HOUR, /^16 d 23 h ago$/],
  ]
  for (const [age, text] of ages) {
    await page.clock.setFixedTime(start + age)
    await expect(received).toHaveText(text)
    for (const width of [1400, 1000]) {
      await page.setViewportSize({ width, height: 900 })
      await expectReceivedWhole(page, `${width} px`)
    }
    await page.setViewportSize({ width: 1400, height: 900 })
    await rows.first().click()
    await expect(page.getByTestId('event-detail')).toBeVisible()
    await expectReceivedWhole(page, '1400 px beside the detail')
    if (age === ages[1]![0]) await page.screenshot({ path: join(OUT, 'events-received-detail-1400.png') })
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('event-detail')).toHaveCount(0)
  }
  await page.screenshot({ path: join(OUT, 'events-received-1400.png') })
  await page.setViewportSize({ width: 1000, height: 900 })
  await page.screenshot({ path: join(OUT, 'events-received-1000.png') })
})
