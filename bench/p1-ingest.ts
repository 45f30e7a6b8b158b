// P1: verified + durably committed events/s against a bare Fastify hello route, both
// under the same closed-loop load in the same run. The bare route runs before and after
// the ingest run and counts as their mean, so a machine that gets busier or quieter
// meanwhile (2 shared cores) moves both sides alike. The ingest run also keeps the
// per-stage account (src/main/core/perf/stages.ts) and the main thread's CPU time,
// so the breakdown comes from the run that was measured.
import Fastify from 'fastify'
import { ingestStages, type StageReport } from '../src/main/core/perf/stages.ts'
import type { LoadResult } from './load-client.ts'
import { KEY_HEX, load, withMonitor } from './support/harness.ts'

export interface P1Result {
  durationSec: number
  /** Requests/s of the bare route: the mean of the runs before and after the ingest run. */
  barePerSec: number
  bare: { before: LoadResult; after: LoadResult }
  ingest: LoadResult
  /** Main-thread CPU µs per request (user + system), bare route and ingest. */
  bareMainUs: number
  ingestMainUs: number
  /** Share of the load's duration the main thread was on a CPU (the rest it waited, mostly for commits). */
  ingestBusy: number
  stages: StageReport
}

/** CPU milliseconds of this (the main) thread while `fn` runs, user and system. */
async function busyMs<T>(fn: () => Promise<T>): Promise<{ value: T; activeMs: number }> {
  const before = process.threadCpuUsage()
  const value = await fn()
  const used = process.threadCpuUsage(before)
  return { value, activeMs: (used.user + used.system) / 1000 }
}

async function bareRun(
  durationSec: number,
  connections: number,
): Promise<{ value: LoadResult; activeMs: number }> {
  const app = Fastify({ logger: false })
  app.post('/webhooks/fastpix', async () => ({ hello: 'world' }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  try {
    return await busyMs(() =>
      load({ mode: 'max', url: `http://127.0.0.1:${port}/webhooks/fastpix`, durationSec, connections }),
    )
  } finally {
    await app.close()
  }
}

export async function benchP1(opts: {
  durationSec: number
  connections: number
  log: (m: string) => void
}): Promise<P1Result> {
  const { durationSec, connections, log } = opts
  log(`P1: bare Fastify hello route, ${durationSec} s…`)
  const before = await bareRun(durationSec, connections)
  const ingested = await ingestRun(durationSec, connections, log)
  log(`P1: bare Fastify hello route again, ${durationSec} s…`)
  const after = await bareRun(durationSec, connections)
  const bareRequests = before.value.requests + after.value.requests
  return {
    ...ingested,
    durationSec,
    barePerSec: (before.value.perSec + after.value.perSec) / 2,
    bare: { before: before.value, after: after.value },
    bareMainUs: ((before.activeMs + after.activeMs) * 1000) / Math.max(1, bareRequests),
  }
}

async function ingestRun(
  durationSec: number,
  connections: number,
  log: (m: string) => void,
): Promise<Pick<P1Result, 'ingest' | 'ingestMainUs' | 'ingestBusy' | 'stages'>> {
  log(`P1: verified + durably committed ingest, ${durationSec} s…`)
  return withMonitor(async (url, monitor) => {
    ingestStages.enable()
    let stages: StageReport
    let ingest: { value: LoadResult; activeMs: number }
    try {
      ingest = await busyMs(() => load({ mode: 'max', url, keyHex: KEY_HEX, durationSec, connections }))
    } finally {
      stages = ingestStages.disable()
    }
    const r = ingest.value
    if (monitor.receiverStatus().accepted < r.requests - r.non2xx - r.errors)
      throw new Error('acknowledged events missing from the store')
    return {
      ingest: r,
      ingestMainUs: (ingest.activeMs * 1000) / Math.max(1, r.requests),
      // The load client prepares its bodies before it sends: this thread does nothing meanwhile.
      ingestBusy: ingest.activeMs / (durationSec * 1000),
      stages,
    }
  })
}

/** The breakdown rows: the main thread's µs per event by stage, then the writer's groups. */
export function describeStages(r: P1Result): { main: string; writer: string } {
  const s = r.stages
  const events = Math.max(1, s.events)
  const groups = Math.max(1, s.groups)
  const per = (us: number): string => (us / events).toFixed(1)
  const measured = Object.values(s.us).reduce((a, b) => a + b, 0)
  const rest = r.ingestMainUs - measured / events
  return {
    main:
      `stages, main thread µs/event: CPU ${r.ingestMainUs.toFixed(0)} (bare route ${r.bareMainUs.toFixed(0)}; ` +
      `busy ${(r.ingestBusy * 100).toFixed(0)}% of the run) = verify ${per(s.us.verify)}, ` +
      `parse ${per(s.us.parse)}, normalize+redact ${per(s.us.normalize)}, handoff ${per(s.us.handoff)}, ` +
      `fold ${per(s.us.fold)}, reply ${per(s.us.reply)}, HTTP+Fastify+rest ${rest.toFixed(1)}`,
    writer:
      `stages, store writer: ${(s.groupWrites / groups).toFixed(1)} events/group ` +
      `(${(s.groupWrites / Math.max(1, s.messages)).toFixed(1)}/message), ` +
      `COMMIT ${(s.groupCommitUs / groups).toFixed(0)} µs/group (${(s.groupCommitUs / Math.max(1, s.groupWrites)).toFixed(1)}/event), ` +
      `transaction ${(s.groupBatchUs / groups).toFixed(0)} µs/group (${(s.groupBatchUs / Math.max(1, s.groupWrites)).toFixed(1)}/event), ` +
      `busy ${(s.groupBatchUs / 1e4 / r.durationSec).toFixed(0)}%; handoff → ack ${(s.ackWaitUs / events / 1000).toFixed(1)} ms/event`,
  }
}
