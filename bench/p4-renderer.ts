// P4: the renderer under load. A real `serve` holding 1,000 streams × 3 simulcast targets
// and 100,000 events (pre-filled over HTTP), Chromium on the board and then on the event
// log while 200 signed events/s arrive. After a warm-up, per view: long tasks
// (PerformanceObserver 'longtask'), the most rows in the DOM, and JS heap growth
// (CDP Performance.getMetrics after a forced GC at both ends).
import type { CDPSession, Page } from '@playwright/test'
import { launchChromium, sendAll, sendAtRate, startServe } from './p3-browser.ts'
import { prefillEvent, STREAMS, trafficEvent } from './p4-load.ts'

export interface P4View {
  name: string
  /** The gate the view's figures count for (P7: the workspace overview's charts). */
  gate: 'P4' | 'P7'
  rowSelector: string
  longTasks: number
  longestMs: number
  maxRows: number
  heapBeforeMb: number
  heapAfterMb: number
  sent: number
  failed: number
  /** The event log's count of loaded rows at the end ("12,300+ events"). */
  loaded: string
}

export interface P4Result {
  prefillSec: number
  views: P4View[]
}

const RATE = 200
const WARMUP_SEC = 5

// In-page probes (plain script text: the bench compiles without DOM types).
const START_PROBES = (selector: string): string => `(() => {
  const probe = { longTasks: [], maxRows: 0 }
  window.__p4 = probe
  window.__p4Observer?.disconnect()
  window.__p4Observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration)
  })
  window.__p4Observer.observe({ type: 'longtask' })
  clearInterval(window.__p4Timer)
  window.__p4Timer = setInterval(() => {
    probe.maxRows = Math.max(probe.maxRows, document.querySelectorAll(${JSON.stringify(selector)}).length)
  }, 200)
})()`
// Scrolls the event log back through history (pages of 1,000 load as the end nears).
const START_SCROLLING = `(() => {
  const scroller = document.querySelector('.ev-scroll')
  window.__p4Scroll = setInterval(() => { scroller.scrollTop += 1500 }, 100)
})()`
const READ_PROBES = `(() => {
  clearInterval(window.__p4Scroll)
  window.__p4.loaded = document.querySelector('[data-testid="event-count"]')?.textContent ?? ''
  clearInterval(window.__p4Timer)
  window.__p4Observer?.disconnect()
  return JSON.stringify(window.__p4)
})()`

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN
  return used / 1024 / 1024
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function measure(
  page: Page,
  cdp: CDPSession,
  webhookUrl: string,
  view: {
    name: string
    gate?: 'P4' | 'P7'
    hash: string
    rowSelector: string
    run: string
    scroll?: boolean
    /** Run on the view before the warm-up (open a panel, pick a range). */
    setup?: (page: Page) => Promise<void>
  },
  durationSec: number,
  offset: number,
): Promise<P4View> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(view.hash)}`)
  await page.waitForSelector(view.rowSelector)
  await view.setup?.(page)
  const total = Math.round(RATE * (WARMUP_SEC + durationSec))
  const sending = sendAtRate(webhookUrl, RATE, total, (i) => trafficEvent(view.run, offset + i))
  await sleep(WARMUP_SEC * 1000)
  const heapBeforeMb = await heapMb(cdp)
  await page.evaluate(START_PROBES(view.rowSelector))
  if (view.scroll) await page.evaluate(START_SCROLLING)
  const sent = await sending
  await sleep(500) // the last batch lands
  const probes = JSON.parse(await page.evaluate<string>(READ_PROBES)) as {
    longTasks: number[]
    maxRows: number
    loaded: string
  }
  const heapAfterMb = await heapMb(cdp)
  return {
    name: view.name,
    gate: view.gate ?? 'P4',
    rowSelector: view.rowSelector,
    longTasks: probes.longTasks.length,
    longestMs: Math.max(0, ...probes.longTasks),
    maxRows: probes.maxRows,
    heapBeforeMb,
    heapAfterMb,
    sent: sent.sent,
    failed: sent.failed,
    loaded: probes.loaded,
  }
}

async function openOverview(page: Page): Promise<void> {
  const toggle = page.locator('[data-testid="workspace-overview-toggle"]')
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  await page.click('[data-testid="workspace-overview-range-7d"]')
  // Its three charts drawn (a locator wait: the page's CSP refuses evaluated strings).
  await page.locator('[data-testid="workspace-overview"] canvas').nth(2).waitFor()
}

export async function benchP4({
  events,
  durationSec,
  log,
}: {
  events: number
  durationSec: number
  log(message: string): void
}): Promise<P4Result> {
  const served = await startServe()
  const browser = await launchChromium()
  try {
    const started = performance.now()
    const base = Date.now() - events
    const fill = await sendAll(
      served.webhookUrl,
      events,
      50,
      (i) => prefillEvent(i, base + i),
      (done) => log(`P4: pre-fill ${done.toLocaleString()} / ${events.toLocaleString()}`),
    )
    if (fill.failed > 0) throw new Error(`P4 pre-fill: ${fill.failed} deliveries failed`)
    const prefillSec = (performance.now() - started) / 1000
    log(
      `P4: pre-filled ${events.toLocaleString()} events over ${STREAMS} streams in ${prefillSec.toFixed(1)} s`,
    )

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(served.dashboardUrl)
    await page.waitForSelector('[data-testid="link-status"][data-status="live"]')
    await page.waitForFunction(
      `document.querySelector('[data-testid="board-count"]')?.textContent?.includes('${STREAMS.toLocaleString('en-US')}') || document.querySelector('[data-testid="board-count"]')?.textContent?.includes('${STREAMS}')`,
    )

    const views: P4View[] = []
    const perView = Math.round(RATE * (WARMUP_SEC + durationSec))
    for (const [k, view] of [
      { name: 'board', hash: '#/', rowSelector: '[data-testid="stream-row"]', run: 'p4board' },
      { name: 'event log', hash: '#/events', rowSelector: '[data-testid="event-row"]', run: 'p4events' },
      {
        name: 'event log scrolled back',
        hash: '#/events',
        rowSelector: '[data-testid="event-row"]',
        run: 'p4scroll',
        scroll: true,
      },
      {
        // P7: the workspace overview over 7 d for the 1,000 streams, drawn again by its 15 s refresh.
        name: 'board with the workspace overview open (7 d)',
        gate: 'P7' as const,
        hash: '#/',
        rowSelector: '[data-testid="stream-row"]',
        run: 'p7overview',
        setup: openOverview,
      },
    ].entries()) {
      log(`P4: ${view.name}, ${WARMUP_SEC} s warm-up + ${durationSec} s at ${RATE}/s…`)
      views.push(await measure(page, cdp, served.webhookUrl, view, durationSec, events + k * perView))
    }
    return { prefillSec, views }
  } finally {
    await browser.close()
    await served.stop()
  }
}
