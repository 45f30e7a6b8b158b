// Load generator, run as its own process so it does not share the host's event
// loop. Usage: node bench/load-client.ts '<json LoadSpec>'; prints one JSON result.
//  - mode "max": autocannon, closed loop, N connections → events/s.
//  - mode "rate": open loop at a fixed rate; latency measured from each request's
//    scheduled send time (coordinated-omission corrected), HDR histogram.
import autocannon from 'autocannon'
import * as hdr from 'hdr-histogram-js'
import { Agent, request } from 'undici'
import { sign } from '../src/main/core/receiver/signature.ts'
import { eventBody } from './support/payload.ts'

export interface LoadSpec {
  mode: 'max' | 'rate'
  url: string
  /** Base64-decoded signing key as hex; unsigned when absent. */
  keyHex?: string
  connections?: number
  durationSec: number
  rate?: number
  /** Seconds sent before recording starts (default 1). */
  warmupSec?: number
  streams?: number
}

export interface LoadResult {
  requests: number
  non2xx: number
  errors: number
  perSec: number
  p50Ms?: number
  p99Ms?: number
  maxMs?: number
}

function signedRequest(spec: LoadSpec, i: number): { body: string; headers: Record<string, string> } {
  const body = eventBody(i, spec.streams ?? 1000)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (spec.keyHex) headers['fastpix-signature'] = sign(body, Buffer.from(spec.keyHex, 'hex'))
  return { body, headers }
}

/** Bodies and signatures are made before the run so the generator spends its CPU on sending. */
function pregenerate(spec: LoadSpec, count: number): { body: string; headers: Record<string, string> }[] {
  return Array.from({ length: count }, (_, i) => signedRequest(spec, i))
}

async function runMax(spec: LoadSpec): Promise<LoadResult> {
  const pool = pregenerate(spec, Math.min(400_000, spec.durationSec * 40_000))
  let i = 0
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections ?? 10,
    duration: spec.durationSec,
    requests: [
      {
        setupRequest: (req) => {
          const { body, headers } = pool[i++ % pool.length] as (typeof pool)[number]
          return { ...req, method: 'POST', body, headers }
        },
      },
    ],
  })
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    perSec: result.requests.total / spec.durationSec,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  }
}

async function runRate(spec: LoadSpec): Promise<LoadResult> {
  const rate = spec.rate ?? 1000
  const total = Math.round(rate * spec.durationSec)
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  })
  const dispatcher = new Agent({
    connections: spec.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: 30_000,
  })
  let non2xx = 0
  let errors = 0
  let done = 0
  // The first second warms connections and JIT on both sides; it is sent at the same rate but not recorded.
  const warmup = spec.warmupSec === undefined ? Math.round(rate) : Math.round(rate * spec.warmupSec)
  const start = performance.now() + 50
  const inflight: Promise<void>[] = []
  for (let n = -warmup; n < total; n++) {
    const scheduled = start + ((n + warmup) * 1000) / rate
    const recorded = n >= 0
    const wait = scheduled - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const { body, headers } = signedRequest(spec, n)
    const p = request(spec.url, { method: 'POST', body, headers, dispatcher })
      .then(async (res) => {
        await res.body.dump()
        if (recorded && (res.statusCode < 200 || res.statusCode >= 300)) non2xx++
      })
      .catch(() => {
        if (recorded) errors++
      })
      .finally(() => {
        if (!recorded) return
        // Microseconds from the *scheduled* send time: a stalled server is charged for every request it delayed.
        histogram.recordValue(Math.max(1, Math.round((performance.now() - scheduled) * 1000)))
        done++
      })
    inflight.push(p)
  }
  await Promise.all(inflight)
  const elapsed = (performance.now() - start) / 1000 - warmup / rate
  await dispatcher.close()
  return {
    requests: done,
    non2xx,
    errors,
    perSec: done / elapsed,
    p50Ms: histogram.getValueAtPercentile(50) / 1000,
    p99Ms: histogram.getValueAtPercentile(99) / 1000,
    maxMs: histogram.maxValue / 1000,
  }
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec
const result = spec.mode === 'rate' ? await runRate(spec) : await runMax(spec)
process.stdout.write(`${JSON.stringify(result)}\n`)
