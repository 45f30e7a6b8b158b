// The stream chart as an operator sees it, on the demo in `serve`: a live stream's chart is
// drawn (its canvas has pixels), pointing at it gives the readout, the 7 d range works.
// Screenshots of the chart in light and dark go to docs/ (chart-stream-*.png).
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { expect, test } from './fixtures.ts'

const DOCS = join(import.meta.dirname, '../../docs')

test.use({ serveOptions: { secret: null, demo: true, args: ['--demo-speed', '60', '--demo-seed', '7'] } })

/** Canvas pixels that are not transparent (uPlot's canvas is clear where nothing is drawn). */
const drawnPixels = (canvas: Locator): Promise<number> =>
  canvas.evaluate((el) => {
    // This file compiles without the DOM lib: the canvas as far as it is used here.
    const c = el as unknown as {
      width: number
      height: number
      getContext(
        kind: '2d',
      ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null
    }
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data
    let n = 0
    if (data) for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++
    return n
  })

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a live stream's chart draws, reads out on hover and shows 7 days (${colorScheme})`, async ({
    page,
    served,
  }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto(served.dashboardUrl)
    // A stream that is live with viewers (the demo's streams go live within seconds).
    const live = page.locator('[data-testid="stream-row"][data-health="healthy"]')
    await expect(live.first()).toBeVisible({ timeout: 40_000 })
    await live.first().getByTestId('stream-name').click()
    await expect(page.getByTestId('stream-detail')).toBeVisible()

    const chart = page.getByTestId('stream-chart')
    const canvas = chart.getByTestId('stream-chart-viewers').locator('canvas')
    await expect(canvas).toBeVisible()
    // Viewer samples arrive with the demo's polls (every minute of demo time, a second here) and the chart's refresh.
    await expect(chart.getByTestId('stream-chart-no-viewers')).toBeHidden({ timeout: 40_000 })
    await expect.poll(() => drawnPixels(canvas), { timeout: 20_000 }).toBeGreaterThan(2000)
    await expect
      .poll(() => drawnPixels(chart.getByTestId('stream-chart-events').locator('canvas')))
      .toBeGreaterThan(500)

    // Pointing near the right edge (now): the time, viewers, health and events there.
    await chart.scrollIntoViewIfNeeded()
    const box = await canvas.boundingBox()
    if (!box) throw new Error('the chart canvas has no box')
    await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2)
    const readout = chart.getByTestId('stream-chart-readout')
    await expect(readout).toContainText(/\d{2}:\d{2}:\d{2}/)
    await expect(readout).toContainText(/viewers?|no viewer sample/)
    await expect(readout).toContainText(/healthy|degraded|down|unknown|offline/)
    await expect(readout).toContainText(/events? in 1 min from/)
    // For the screenshot, a chart that tells something: half an hour of the demo's samples.
    await expect(chart).toHaveAttribute('data-samples', /^([3-9]\d|\d{3,})$/, { timeout: 45_000 })
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2)
    await chart.screenshot({ path: join(DOCS, `chart-stream-${colorScheme}.png`) })

    // 7 days: 30-minute buckets, day names on the readout, still drawn.
    await chart.getByTestId('chart-range-7d').click()
    await expect(chart.getByTestId('chart-range-7d')).toHaveAttribute('aria-pressed', 'true')
    await expect(chart.getByText('Events per 30 minutes')).toBeVisible()
    // The chart was rebuilt for the new window: the pointer comes in again.
    const box7 = await canvas.boundingBox()
    if (!box7) throw new Error('the chart canvas has no box')
    await page.mouse.move(box7.x + box7.width / 2, box7.y - 40)
    await page.mouse.move(box7.x + box7.width - 40, box7.y + box7.height / 2, { steps: 3 })
    await expect(readout).toContainText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/)
    await expect(readout).toContainText(/events? in 30 min from/)
    await expect.poll(() => drawnPixels(canvas)).toBeGreaterThan(2000)
    await expect(chart.getByTestId('stream-chart-error')).toHaveCount(0)
  })
}

/** The heaviest series the host answers: 7 days, 2,000 viewer points, 336 buckets, many spans and markers. */
function weekSeries(streamId: string, from: number, to: number) {
  const viewers = Array.from({ length: 2000 }, (_, i) => ({
    at: from + Math.floor(((to - from) * i) / 2000),
    count: Math.round(1500 + 1200 * Math.sin(i / 40) + (i % 17) * 20),
  }))
  const healths = ['healthy', 'degraded', 'healthy', 'down', 'healthy', 'offline'] as const
  const spanMs = (to - from) / 600
  const health = Array.from({ length: 600 }, (_, i) => ({
    from: from + i * spanMs,
    to: from + (i + 1) * spanMs,
    health: healths[i % healths.length],
  }))
  const kinds = ['disconnect', 'reconnect', 'target-down', 'target-up'] as const
  const markers = Array.from({ length: 400 }, (_, i) => ({
    at: from + Math.floor(((to - from) * (i + 0.5)) / 400),
    kind: kinds[i % 4],
    label: `marker ${i}`,
  }))
  const bucketMs = 30 * 60_000
  const events = []
  for (let at = Math.floor(from / bucketMs) * bucketMs; at < to; at += bucketMs)
    events.push({ at, count: (at / bucketMs) % 23 })
  return { streamId, from, to, viewers, health, markers, bucketMs, events }
}

// In-page probes as plain script text (this file compiles without DOM types), as the bench's.
const WATCH_LONG_TASKS = `(() => {
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration })
  }).observe({ type: 'longtask' })
})()`
const longTasksSince = (t0: number): string =>
  `JSON.stringify(window.__longTasks.filter((t) => t.start >= ${t0}).map((t) => t.duration))`
const TWO_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))'

test('7 days of samples draw without a long task over 50 ms (P7, stream chart)', async ({ page, served }) => {
  // The host's answer replaced by the heaviest one it can give, so the drawing is what is measured.
  await page.route('**/api/streams/*/series*', async (route) => {
    const url = new URL(route.request().url())
    const streamId = decodeURIComponent(url.pathname.split('/')[3] ?? '')
    const to = Number(url.searchParams.get('to'))
    const from = Number(url.searchParams.get('from'))
    await route.fulfill({ json: { series: weekSeries(streamId, from, to) } })
  })
  await page.goto(served.dashboardUrl)
  const rows = page.getByTestId('stream-row')
  await expect(rows.first()).toBeVisible({ timeout: 40_000 })
  await rows.first().getByTestId('stream-name').click()
  const chart = page.getByTestId('stream-chart')
  await expect(chart).toHaveAttribute('data-samples', '2000')
  await chart.scrollIntoViewIfNeeded()
  await page.evaluate(WATCH_LONG_TASKS)
  const since = (await page.evaluate('performance.now()')) as number
  await chart.getByTestId('chart-range-7d').click()
  await expect(chart.getByText('Events per 30 minutes')).toBeVisible()
  const box = await chart.getByTestId('stream-chart-viewers').locator('canvas').boundingBox()
  if (!box) throw new Error('the chart canvas has no box')
  // Pointing across the week: a readout (and a cursor draw) per move.
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + (box.width * i) / 22, box.y + box.height / 2)
  await expect(chart.getByTestId('stream-chart-readout')).toContainText(/viewers/)
  await page.evaluate(TWO_FRAMES)
  const durations = JSON.parse((await page.evaluate(longTasksSince(since))) as string) as number[]
  const longest = Math.max(0, ...durations)
  console.log(
    `P7 stream chart: 7 d, 2,000 points, 600 spans, 400 markers: ${durations.length} long tasks, longest ${Math.round(longest)} ms`,
  )
  expect(longest).toBeLessThanOrEqual(50)
  // The probe sees long tasks at all: an 80 ms busy task of the page shows as one.
  const busyFrom = (await page.evaluate('performance.now()')) as number
  await page.evaluate(
    'setTimeout(() => { const end = performance.now() + 80; while (performance.now() < end) {} }, 0)',
  )
  await expect
    .poll(async () =>
      Math.max(0, ...(JSON.parse((await page.evaluate(longTasksSince(busyFrom))) as string) as number[])),
    )
    .toBeGreaterThanOrEqual(70)
})
