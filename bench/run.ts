// npm run bench [-- --quick] [-- --only P1,P2]: speed gates as ratios and
// percentiles measured in one run on this machine. Prints a table; exits 1 if a gate fails.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { benchP1, describeStages } from './p1-ingest.ts'
import { benchP3 } from './p3-latency.ts'
import { benchP4 } from './p4-renderer.ts'
import { benchP7Charts } from './p7-charts.ts'
import { benchGroupCommit } from './store-group-commit.ts'
import { benchHistory } from './store-history.ts'
import { KEY_HEX, load, withMonitor } from './support/harness.ts'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const onlyArg =
  args.find((a) => a.startsWith('--only='))?.slice(7) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined)
const only = onlyArg ? new Set(onlyArg.split(',')) : null
const want = (gate: string): boolean => only === null || only.has(gate)

// Concurrent senders for P1, the same for both routes (group commit needs deliveries in flight together).
const P1_CONNECTIONS = 50

interface Row {
  gate: string
  what: string
  value: string
  target: string
  pass: boolean
}
const rows: Row[] = []
const log = (m: string): void => {
  process.stderr.write(`${m}\n`)
}

async function benchIngest(): Promise<void> {
  const r = await benchP1({ durationSec: quick ? 3 : 8, connections: P1_CONNECTIONS, log })
  const ratio = r.ingest.perSec / r.barePerSec
  const { before, after } = r.bare
  rows.push({
    gate: 'P1',
    what: `ingest ${r.ingest.perSec.toFixed(0)}/s vs bare ${r.barePerSec.toFixed(0)}/s (before ${before.perSec.toFixed(0)}, after ${after.perSec.toFixed(0)})`,
    value: `${ratio.toFixed(2)}×`,
    target: '≥ 0.5×',
    pass: ratio >= 0.5 && r.ingest.non2xx === 0,
  })
  const stages = describeStages(r)
  rows.push({ gate: 'P1', what: stages.main, value: '—', target: '—', pass: true })
  rows.push({ gate: 'P1', what: stages.writer, value: '—', target: '—', pass: true })
}

async function benchLatency(): Promise<void> {
  const duration = quick ? 5 : 15
  log(`P2/P6: 1,000 signed events/s for ${duration} s, open loop…`)
  await withMonitor(async (url) => {
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const r = await load({
      mode: 'rate',
      url,
      keyHex: KEY_HEX,
      rate: 1000,
      durationSec: duration,
      connections: 64,
    })
    delay.disable()
    const loopP99 = delay.percentile(99) / 1e6
    rows.push({
      gate: 'P2',
      what: `ack latency p99 at 1,000/s (p50 ${r.p50Ms?.toFixed(1)} ms, max ${r.maxMs?.toFixed(1)} ms, ${r.non2xx + r.errors} failed)`,
      value: `${r.p99Ms?.toFixed(1)} ms`,
      target: '≤ 20 ms',
      pass: (r.p99Ms ?? Infinity) <= 20 && r.non2xx + r.errors === 0,
    })
    rows.push({
      gate: 'P6',
      what: `host event-loop delay p99 while ingesting 1,000/s (max ${(delay.max / 1e6).toFixed(1)} ms)`,
      value: `${loopP99.toFixed(1)} ms`,
      target: '≤ 20 ms',
      pass: loopP99 <= 20,
    })
  })
}

async function benchD4(): Promise<void> {
  log('D4: group commit vs one transaction per event…')
  const r = await benchGroupCommit()
  rows.push({
    gate: 'D4',
    what: `10 senders ${r.groupCommitPerSec.toFixed(0)}/s vs 1 tx/event ${r.singleTxPerEventPerSec.toFixed(0)}/s`,
    value: `${r.ratio.toFixed(1)}×`,
    target: '≥ 3×',
    pass: r.ratio >= 3,
  })
}

async function benchP5(): Promise<void> {
  const events = Number(process.env.BENCH_HISTORY_EVENTS ?? (quick ? 200_000 : 1_000_000))
  log(`P5: history of ${events.toLocaleString()} events…`)
  const r = await benchHistory({ events })
  rows.push({
    gate: 'P5',
    what: `open + first data (${r.events.toLocaleString()} events; open ${r.openMs.toFixed(0)} ms)`,
    value: `${r.firstDataMs.toFixed(0)} ms`,
    target: '≤ 1000 ms',
    pass: r.firstDataMs <= 1000,
  })
  rows.push({
    gate: 'P5',
    what: 'filtered event query p95',
    value: `${r.filteredQueryP95Ms.toFixed(1)} ms`,
    target: '≤ 50 ms',
    pass: r.filteredQueryP95Ms <= 50,
  })
  rows.push({
    gate: 'P5',
    what: 'bytes on disk per event',
    value: `${r.bytesPerEvent.toFixed(0)} B`,
    target: '≤ 1024 B',
    pass: r.bytesPerEvent <= 1024,
  })
  rows.push({
    gate: 'P5',
    what: 'text search in payloads p95 (informational)',
    value: `${r.textQueryP95Ms.toFixed(1)} ms`,
    target: '—',
    pass: true,
  })
}

async function benchBrowserLatency(): Promise<void> {
  const durationSec = quick ? 5 : 10
  log(`P3: POST → row in the DOM, 200 events/s for ${durationSec} s (serve + Chromium)…`)
  const r = await benchP3({ durationSec, rate: 200 })
  rows.push({
    gate: 'P3',
    what: `POST → event row in the DOM p95 at ${r.rate}/s (p50 ${r.p50Ms.toFixed(0)}, p99 ${r.p99Ms.toFixed(0)}, max ${r.maxMs.toFixed(0)} ms; ${r.recorded} rows, ${r.missing} missing, ${r.failed} failed)`,
    value: `${r.p95Ms.toFixed(0)} ms`,
    target: '≤ 25 ms',
    pass: r.p95Ms <= 25 && r.missing === 0 && r.failed === 0,
  })
  const { ack, server, socket, dom } = r.stages
  rows.push({
    gate: 'P3',
    what: `stages after the POST, p50/p95 ms: 202 ${ack.p50Ms.toFixed(1)}/${ack.p95Ms.toFixed(1)}, batch at a bare client ${server.p50Ms.toFixed(1)}/${server.p95Ms.toFixed(1)}, on the page's socket ${socket.p50Ms.toFixed(1)}/${socket.p95Ms.toFixed(1)}, row in the DOM ${dom.p50Ms.toFixed(1)}/${dom.p95Ms.toFixed(1)}`,
    value: '—',
    target: '—',
    pass: true,
  })
}

async function benchRendererLoad(): Promise<void> {
  const events = quick ? 20_000 : 100_000
  const durationSec = quick ? 10 : 30
  log(
    `P4: 1,000 streams × 3 targets, ${events.toLocaleString()} events, then 200/s for ${durationSec} s per view…`,
  )
  const r = await benchP4({ events, durationSec, log })
  for (const view of r.views) {
    rows.push({
      gate: view.gate,
      what: `${view.name}: longest task after warm-up (${view.longTasks} long tasks; ${view.sent} events sent, ${view.failed} failed)`,
      value: view.longTasks === 0 ? 'none' : `${view.longestMs.toFixed(0)} ms`,
      target: '≤ 50 ms',
      pass: view.longTasks === 0 && view.failed === 0,
    })
    rows.push({
      gate: view.gate,
      what: `${view.name}: most rows in the DOM (${view.rowSelector}${view.loaded ? `; ${view.loaded} loaded` : ''})`,
      value: String(view.maxRows),
      target: '≤ 150',
      pass: view.maxRows > 0 && view.maxRows <= 150,
    })
    rows.push({
      gate: view.gate,
      what: `${view.name}: JS heap growth over ${durationSec} s (${view.heapBeforeMb.toFixed(1)} → ${view.heapAfterMb.toFixed(1)} MB, after GC)`,
      value: `${(view.heapAfterMb - view.heapBeforeMb).toFixed(1)} MB`,
      target: '< 50 MB',
      pass: view.heapAfterMb - view.heapBeforeMb < 50,
    })
  }
}

async function benchChartDraw(): Promise<void> {
  const r = await benchP7Charts({ log })
  for (const view of r.views) {
    rows.push({
      gate: 'P7',
      what: `${view.name}: longest task from the range click through the hover (${view.longTasks} long tasks; drawn in ${view.drawMs.toFixed(0)} ms, ${view.inkPixels.toLocaleString()} px of ink)`,
      value: view.longTasks === 0 ? 'none' : `${view.longestMs.toFixed(0)} ms`,
      target: '≤ 50 ms',
      pass: view.longTasks === 0 && view.inkPixels > 0,
    })
  }
}

if (want('P1')) await benchIngest()
if (want('P2') || want('P6')) await benchLatency()
if (want('D4')) await benchD4()
if (want('P5')) await benchP5()
if (want('P3')) await benchBrowserLatency()
if (want('P4') || want('P7')) await benchRendererLoad()
if (want('P7')) await benchChartDraw()

const widths = [4, 72, 10, 10]
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join('  ')
process.stdout.write(`${line(['gate', 'measure', 'value', 'target'])}  result\n`)
for (const r of rows)
  process.stdout.write(`${line([r.gate, r.what, r.value, r.target])}  ${r.pass ? 'pass' : 'FAIL'}\n`)
process.exit(rows.every((r) => r.pass) ? 0 : 1)
