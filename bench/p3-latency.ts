// P3: webhook POST → row visible in the dashboard DOM, in browser mode. A real `serve`,
// Chromium on the event log following live, signed deliveries at a fixed rate from this
// process. Each send is stamped with Date.now(); a MutationObserver in the page stamps
// performance.timeOrigin + performance.now() when a row with that event id enters the
// DOM. Same machine, same wall clock.
import WebSocket from 'ws'
import { launchChromium, percentile, sendAtRate, startServe } from './p3-browser.ts'
import { eventBody } from './support/payload.ts'

/** Milliseconds after the POST, by percentile, for one stage of the path. */
export interface StageLatency {
  p50Ms: number
  p95Ms: number
}

export interface P3Result {
  rate: number
  /** Where the time goes: the 202, the batch's arrival on the page's WebSocket, the row in the DOM. */
  stages: { ack: StageLatency; server: StageLatency; socket: StageLatency; dom: StageLatency }
  recorded: number
  missing: number
  failed: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

const OBSERVE_ROWS = `(() => {
  const seen = new Map()
  const note = (el, at) => {
    const id = el.getAttribute('data-event-id')
    if (id && !seen.has(id)) seen.set(id, at)
  }
  new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now()
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue
        if (node.hasAttribute('data-event-id')) note(node, at)
        for (const el of node.querySelectorAll('[data-event-id]')) note(el, at)
      }
    }
  }).observe(document.body, { childList: true, subtree: true })
  window.__p3Seen = seen
})()`

// Runs before the page's scripts: stamps each event id when the batch carrying it
// reaches the page's WebSocket (before the client's own handler parses it).
const OBSERVE_SOCKET = `(() => {
  const arrived = new Map()
  window.__p3Arrived = arrived
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (ev) => {
        const at = performance.timeOrigin + performance.now()
        if (typeof ev.data !== 'string' || !ev.data.includes('"events"')) return
        for (const m of ev.data.matchAll(/"id":"([0-9a-f-]{36})"/g)) if (!arrived.has(m[1])) arrived.set(m[1], at)
      })
    }
  }
})()`

const ARRIVED = 'JSON.stringify([...window.__p3Arrived])'
const SEEN_COUNT = 'window.__p3Seen.size'
const SEEN = 'JSON.stringify([...window.__p3Seen])'

export async function benchP3({
  durationSec,
  rate,
}: {
  durationSec: number
  rate: number
}): Promise<P3Result> {
  const served = await startServe()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.addInitScript(OBSERVE_SOCKET)
    await page.goto(`${served.dashboardUrl}#/events`)
    await page.waitForSelector('[data-testid="link-status"][data-status="live"]')
    await page.waitForSelector('[data-testid="event-follow"][aria-pressed="true"]')
    await page.evaluate(OBSERVE_ROWS)
    // A second subscriber in this process: when the server sent each batch, apart from the page.
    const sentOut = new Map<string, number>()
    const listener = new WebSocket(served.updatesUrl)
    listener.on('message', (data) => {
      const at = Date.now()
      for (const m of data.toString().matchAll(/"id":"([0-9a-f-]{36})"/g))
        if (!sentOut.has(m[1] as string)) sentOut.set(m[1] as string, at)
    })
    await new Promise((resolve, reject) => listener.once('open', resolve).once('error', reject))

    // The first second warms both sides (JIT, connections, first renders) and is not recorded.
    const warmup = rate
    const total = warmup + Math.round(rate * durationSec)
    const sent = await sendAtRate(served.webhookUrl, rate, total, (i) => {
      const body = eventBody(i, 20)
      return { id: (JSON.parse(body) as { id: string }).id, body }
    })
    const deadline = Date.now() + 5_000
    while (Date.now() < deadline && (await page.evaluate<number>(SEEN_COUNT)) < total) {
      await new Promise((r) => setTimeout(r, 100))
    }
    const seen = new Map(JSON.parse(await page.evaluate<string>(SEEN)) as [string, number][])
    const arrived = new Map(JSON.parse(await page.evaluate<string>(ARRIVED)) as [string, number][])

    const latencies: number[] = []
    listener.close()
    const acks: number[] = []
    const servers: number[] = []
    const sockets: number[] = []
    let missing = 0
    let i = 0
    for (const [id, at] of sent.sentAt) {
      if (i++ < warmup) continue
      const shown = seen.get(id)
      if (shown === undefined) missing++
      else latencies.push(shown - at)
      const acked = sent.ackedAt.get(id)
      if (acked !== undefined) acks.push(acked - at)
      const out = sentOut.get(id)
      if (out !== undefined) servers.push(out - at)
      const came = arrived.get(id)
      if (came !== undefined) sockets.push(came - at)
    }
    latencies.sort((a, b) => a - b)
    const stage = (list: number[]): StageLatency => {
      list.sort((a, b) => a - b)
      return { p50Ms: percentile(list, 50), p95Ms: percentile(list, 95) }
    }
    return {
      rate,
      stages: {
        ack: stage(acks),
        server: stage(servers),
        socket: stage(sockets),
        dom: stage([...latencies]),
      },
      recorded: latencies.length,
      missing,
      failed: sent.failed,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? Number.NaN,
    }
  } finally {
    await browser.close()
    await served.stop()
  }
}
