// P7, the charts: a week of history drawn with no long task. `serve` first takes 1,000
// live streams with their targets (signed webhooks), stops, and the week is written into its
// store (bench/p7-history.ts: a viewer sample every 30 s for one stream, every stream's
// transitions); then `serve` starts again on that folder and Chromium opens the stream's
// chart on 7 d, hovers across it, and the workspace overview on 7 d with 1,000 streams.
// Long tasks (PerformanceObserver 'longtask') are counted from the click to the end of the
// hover, and the chart must really have drawn (non-blank canvas pixels).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { databasesIn } from '../src/main/core/report/folder.ts'
import { launchChromium, sendAll, startServe } from './p3-browser.ts'
import { prefillEvent, STREAMS, TARGETS_PER_STREAM } from './p4-load.ts'
import { seedChartHistory } from './p7-history.ts'
import { streamId } from './support/payload.ts'

export interface P7ChartView {
  name: string
  longTasks: number
  longestMs: number
  /** Canvas pixels that are not the background, summed over the view's canvases. */
  inkPixels: number
  /** From the range click to the chart drawn, ms. */
  drawMs: number
}

export interface P7ChartResult {
  transitions: number
  samples: number
  views: P7ChartView[]
}

interface ChartView {
  name: string
  hash: string
  /** Present once the view is on screen. */
  ready: string
  /** Clicked first when the view starts folded (aria-expanded="false"). */
  open?: string
  /** The 7 d range button. */
  range: string
  /** While this matches, the series is loading. */
  loading: string
  /** The canvases that must have ink, and the one hovered across. */
  canvases: string
  hover: string
}

const VIEWS = (focus: string): ChartView[] => [
  {
    name: 'stream chart, 7 d',
    hash: `#/streams/${focus}`,
    ready: '[data-testid="stream-chart"]',
    range: '[data-testid="stream-chart"] [data-testid="chart-range-7d"]',
    loading: '[data-testid="stream-chart-loading"]',
    canvases: '[data-testid="stream-chart"] canvas',
    hover: '[data-testid="stream-chart-viewers"] .u-over',
  },
  {
    name: 'workspace overview, 7 d, 1,000 streams',
    hash: '#/',
    ready: '[data-testid="workspace-overview"]',
    open: '[data-testid="workspace-overview-toggle"]',
    range: '[data-testid="workspace-overview"] [data-testid="workspace-overview-range-7d"]',
    loading: '[data-testid="workspace-overview-loading"]',
    canvases: '[data-testid="workspace-overview"] canvas',
    hover: '[data-testid="workspace-overview"] .u-over',
  },
]

const START_PROBES = `(() => {
  const probe = { longTasks: [] }
  window.__p7c = probe
  window.__p7cObserver?.disconnect()
  window.__p7cObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration)
  })
  window.__p7cObserver.observe({ type: 'longtask' })
})()`
const READ_PROBES = `(() => {
  window.__p7cObserver?.disconnect()
  return JSON.stringify(window.__p7c)
})()`
/** Pixels of the view's canvases whose alpha is not zero (uPlot clears to transparent). */
const INK = (selector: string): string => `(() => {
  let ink = 0
  for (const canvas of document.querySelectorAll(${JSON.stringify(selector)})) {
    const ctx = canvas.getContext('2d')
    if (!ctx || canvas.width === 0 || canvas.height === 0) continue
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) ink++
  }
  return ink
})()`

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function measure(page: Page, view: ChartView): Promise<P7ChartView> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(view.hash)}`)
  await page.waitForSelector(view.ready)
  if (view.open && (await page.getAttribute(view.open, 'aria-expanded')) === 'false')
    await page.click(view.open)
  await page.waitForSelector(view.range)
  await sleep(1000) // the default range settles
  await page.evaluate(START_PROBES)
  const started = performance.now()
  await page.click(view.range)
  // A function, not a string: the page's CSP refuses eval, which a string predicate needs.
  await page.waitForFunction(
    ({ loading, canvases }) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document
      return doc.querySelector(loading) === null && doc.querySelector(canvases) !== null
    },
    { loading: view.loading, canvases: view.canvases },
    { timeout: 60_000, polling: 50 },
  )
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
  const drawMs = performance.now() - started
  // The hover readout across the whole width, as an operator scans the week.
  const box = await page.locator(view.hover).first().boundingBox()
  if (box) {
    for (let i = 0; i <= 60; i++) {
      await page.mouse.move(box.x + (box.width * i) / 60, box.y + box.height / 2)
    }
  }
  await sleep(300)
  const probes = JSON.parse(await page.evaluate<string>(READ_PROBES)) as { longTasks: number[] }
  const inkPixels = await page.evaluate<number>(INK(view.canvases))
  return {
    name: view.name,
    longTasks: probes.longTasks.length,
    longestMs: Math.max(0, ...probes.longTasks),
    inkPixels,
    drawMs,
  }
}

export async function benchP7Charts({ log }: { log(message: string): void }): Promise<P7ChartResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fpm-bench-charts-'))
  try {
    // 1,000 live streams with their targets, as webhooks make them.
    const setup = STREAMS * (1 + TARGETS_PER_STREAM)
    const first = await startServe(dataDir)
    try {
      const base = Date.now() - setup
      const fill = await sendAll(first.webhookUrl, setup, 50, (i) => prefillEvent(i, base + i))
      if (fill.failed > 0) throw new Error(`P7 pre-fill: ${fill.failed} deliveries failed`)
    } finally {
      await first.stop()
    }
    const [db] = databasesIn(dataDir)
    if (!db) throw new Error(`P7: no database in ${dataDir}`)
    const ids = Array.from({ length: STREAMS }, (_, i) => streamId(i))
    const focus = ids[0] as string
    log('P7: writing a week of viewer samples and transitions…')
    const seeded = await seedChartHistory(join(db.dir, 'monitor.sqlite'), ids, focus, Date.now())
    log(
      `P7: ${seeded.samples.toLocaleString()} viewer samples, ${seeded.transitions.toLocaleString()} transitions over 7 days`,
    )

    const served = await startServe(dataDir)
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
      await page.goto(served.dashboardUrl)
      await page.waitForSelector('[data-testid="link-status"][data-status="live"]')
      const views: P7ChartView[] = []
      for (const view of VIEWS(focus)) {
        log(`P7: ${view.name}…`)
        views.push(await measure(page, view))
      }
      return { transitions: seeded.transitions, samples: seeded.samples, views }
    } finally {
      await browser.close()
      await served.stop()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}
