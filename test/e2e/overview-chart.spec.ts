// The workspace overview on the demo's board, in Chromium with the real uPlot: the panel
// opens (and stays open across a reload), its three charts draw non-blank canvases with
// the health colours, the range switches (1 h → 6 h → 24 h → 7 d, each asking the API
// for its span), and hovering shows a readout. Screenshots in light and dark go to docs/.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

test.use({ serveOptions: { secret: null, demo: true, args: ['--demo-speed', '20', '--demo-seed', '7'] } })

const DOCS = join(import.meta.dirname, '../../docs')
const SCREENS = join(import.meta.dirname, '../../test-results/screens')

/** The page's bits these probes touch (this file compiles without the DOM lib). */
interface Canvas2d {
  width: number
  height: number
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null
}
interface PageStyle {
  document: { documentElement: unknown }
  getComputedStyle(el: unknown): { getPropertyValue(name: string): string }
}

/** Pixels of a canvas that are drawn (not transparent), and those near an RGB colour. */
async function inked(page: Page, testId: string, rgb: [number, number, number] | null) {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((el, want) => {
      const canvas = el as unknown as Canvas2d
      const ctx = canvas.getContext('2d')
      if (!ctx) return { drawn: 0, near: 0 }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let drawn = 0
      let near = 0
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) < 40) continue
        drawn += 1
        if (
          want &&
          Math.abs((data[i] ?? 0) - want[0]) < 24 &&
          Math.abs((data[i + 1] ?? 0) - want[1]) < 24 &&
          Math.abs((data[i + 2] ?? 0) - want[2]) < 24
        )
          near += 1
      }
      return { drawn, near }
    }, rgb)
}

async function cssColour(page: Page, name: string): Promise<[number, number, number]> {
  const hex = await page.evaluate((n) => {
    const page = globalThis as unknown as PageStyle
    return page.getComputedStyle(page.document.documentElement).getPropertyValue(n).trim()
  }, name)
  const m = /^#(..)(..)(..)$/.exec(hex)
  if (!m) throw new Error(`${name} is not #rrggbb: ${hex}`)
  return [m[1], m[2], m[3]].map((h) => Number.parseInt(h as string, 16)) as [number, number, number]
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the workspace overview draws the demo and switches range (${colorScheme})`, async ({
    page,
    served,
  }) => {
    test.setTimeout(180_000)
    await page.emulateMedia({ colorScheme })
    await page.goto(served.dashboardUrl)
    const panel = page.getByTestId('workspace-overview')
    await expect(panel).toBeVisible()
    // Closed until opened, then remembered on this device.
    await expect(panel.locator('canvas')).toHaveCount(0)
    await page.getByTestId('workspace-overview-toggle').click()
    await expect(panel.locator('canvas')).toHaveCount(3)
    await page.reload()
    await expect(panel.locator('canvas')).toHaveCount(3)
    const readout = page.getByTestId('workspace-overview-readout')
    await expect(readout.locator('[data-key="deliveries"] dd')).not.toHaveText('0/min', { timeout: 30_000 })

    // A quarter of an hour of the demo (under a minute of real time): every stream known.
    await expect
      .poll(
        async () => {
          const s = (await page.request
            .get(`${served.apiUrl}/api/workspace/series`, {
              headers: { authorization: `Bearer ${served.apiToken}` },
            })
            .then((r) => r.json())) as { streamsByHealth: Record<string, number[]>; deliveries: number[] }
          const streams = Object.values(s.streamsByHealth).reduce((n, counts) => n + (counts.at(-1) ?? 0), 0)
          return streams >= 6 && s.deliveries.filter((n) => n > 0).length >= 15
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBe(true)

    // Each range asks for its span (the bucket length says which) and draws again.
    for (const [range, bucketMs] of [
      ['6h', 60_000],
      ['24h', 300_000],
      ['7d', 1_800_000],
      ['1h', 60_000],
    ] as const) {
      const next = page.waitForResponse((r) => r.url().includes('/api/workspace/series') && r.ok())
      await page.getByTestId(`workspace-overview-range-${range}`).click()
      const body = (await (await next).json()) as { bucketMs: number }
      expect(body.bucketMs, range).toBe(bucketMs)
      await expect(page.getByTestId(`workspace-overview-range-${range}`)).toHaveAttribute(
        'aria-pressed',
        'true',
      )
      await expect(panel.locator('canvas')).toHaveCount(3)
      if (range === '7d') await panel.screenshot({ path: join(SCREENS, `overview-7d-${colorScheme}.png`) })
    }

    const healthy = await cssColour(page, '--healthy')
    await expect
      .poll(async () => (await inked(page, 'overview-chart-health', healthy)).near)
      .toBeGreaterThan(300)
    for (const id of ['overview-chart-rates', 'overview-chart-lag'])
      expect((await inked(page, id, null)).drawn, id).toBeGreaterThan(1_000)

    // Hover: the readout follows the cursor (time of the bucket and its figures).
    const box = await page.getByTestId('overview-chart-health').locator('.u-over').boundingBox()
    if (!box) throw new Error('no plotting area')
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2)
    await expect(readout.locator('.wo-readout-time dt')).toHaveText('At')
    await expect(readout.locator('.wo-readout-time dd')).toHaveText(/^\d\d:\d\d–\d\d:\d\d$/)
    await expect(readout.locator('[data-key="healthy"] dd')).toHaveText(/^\d[\d,]*$/)
    await panel.screenshot({ path: join(DOCS, `chart-overview-${colorScheme}.png`) })
    await page.mouse.move(0, 0)
    await expect(readout.locator('.wo-readout-time dt')).toHaveText('Latest')

    // The system switches scheme: the charts are drawn again in the other set of colours.
    const other = colorScheme === 'light' ? 'dark' : 'light'
    await page.emulateMedia({ colorScheme: other })
    const otherHealthy = await cssColour(page, '--healthy')
    expect(otherHealthy).not.toEqual(healthy)
    await expect
      .poll(async () => (await inked(page, 'overview-chart-health', otherHealthy)).near)
      .toBeGreaterThan(300)
    expect((await inked(page, 'overview-chart-health', healthy)).near).toBeLessThan(50)
  })
}
