// startDemoSimulator: plays the demo plan against a webhook URL over real HTTP, signed
// exactly as FastPix signs, on an absolute-time schedule (no drift), cycle after cycle.
import { performance } from 'node:perf_hooks'
import { decodeSigningSecret, sign } from '../receiver/signature.ts'
import { deliveryBytes } from './payloads.ts'
import { buildDemoPlan } from './plan.ts'
import { bytes, mixSeed, mulberry32 } from './prng.ts'
import { createSender, isSuccess, type PostOutcome, retryable } from './sender.ts'
import type { DemoDelivery, DemoPlan } from './types.ts'
import { DemoWorkspace } from './workspace.ts'

export interface DemoDeliveryInfo {
  delivery: DemoDelivery
  /** 1 for the first try. */
  attempt: number
  status: number | null
  ok: boolean
  /** No further attempt will be made for this delivery. */
  final: boolean
  error: string | null
}

export interface DemoSimulatorStats {
  /** Deliveries answered 2xx. */
  sent: number
  /** Deliveries given up on (non-retryable answer or retries exhausted). */
  failed: number
  lastStatus: number | null
  attempts: number
  cycle: number
}

export interface DemoSimulatorOptions {
  webhookUrl: string
  /** Base64 signing secret, as FastPix shows it. */
  signingSecret: string
  seed?: number
  /** Time factor: 10 = ten times faster than real time. Default 1. */
  speed?: number
  streams?: number
  /** Repeat the cycle forever (default true). */
  loop?: boolean
  fetchTimeoutMs?: number
  /** Retry policy; delays are real time (not scaled by speed). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number }
  onDelivery?: (info: DemoDeliveryInfo) => void
}

export interface DemoSimulator {
  secret: string
  /** The truth the REST app serves. */
  workspace: DemoWorkspace
  /** Cycle 0 of the plan being played. */
  plan: DemoPlan
  /**
   * The demo's own clock (epoch ms): startAt + elapsed × speed. Event `createdAt`s follow it, so at
   * speed > 1 a host should judge thresholds on this clock rather than on Date.now().
   */
  now(): number
  stop(): Promise<void>
  /** Resolves when everything was delivered (loop: false) or on stop. Never rejects. */
  done: Promise<void>
  stats(): DemoSimulatorStats
}

const MAX_SPEED = 100_000
/** Deliveries waiting on a slow receiver beyond this are dropped (counted as failed). */
const MAX_QUEUE = 5000

interface Action {
  at: number
  truth: boolean
  delivery: DemoDelivery
}

interface Job {
  delivery: DemoDelivery
  bytes: Buffer
  headers: Record<string, string>
  attempt: number
}

/** A Base64 signing secret of 32 bytes; seeded ones are reproducible (demo only). */
export function generateDemoSecret(seed?: number): string {
  if (seed === undefined) return bytes(() => Math.random(), 32).toString('base64')
  return bytes(mulberry32(mixSeed(seed >>> 0, 0x5ec7e7)), 32).toString('base64')
}

/** Truth changes at event time; sends at delivery time; truth first on ties. */
function actionsOf(plan: DemoPlan): Action[] {
  const actions: Action[] = []
  for (const d of plan.deliveries) {
    actions.push({ at: d.atMs, truth: false, delivery: d })
    if (!d.probe && d.duplicateOf === null) actions.push({ at: d.occurredMs, truth: true, delivery: d })
  }
  return actions.sort(
    (a, b) => a.at - b.at || Number(b.truth) - Number(a.truth) || a.delivery.seq - b.delivery.seq,
  )
}

export function startDemoSimulator(options: DemoSimulatorOptions): DemoSimulator {
  const key = decodeSigningSecret(options.signingSecret)
  if (!key) throw new TypeError('signingSecret must be a non-empty Base64 string')
  const url = new URL(options.webhookUrl)
  const seed = (options.seed ?? 1) >>> 0
  const speed = options.speed && options.speed > 0 ? Math.min(options.speed, MAX_SPEED) : 1
  const loop = options.loop ?? true
  const timeoutMs = options.fetchTimeoutMs ?? 5000
  const maxAttempts = Math.max(1, options.retry?.attempts ?? 4)
  const baseDelay = options.retry?.baseDelayMs ?? 1000
  const maxDelay = options.retry?.maxDelayMs ?? 30_000
  const startAt = Date.now()
  const t0 = performance.now()
  const first = buildDemoPlan({ seed, streams: options.streams, startAt })
  const scenarioNow = (): number => startAt + (performance.now() - t0) * speed
  const workspace = new DemoWorkspace(first, scenarioNow)
  const sender = createSender()
  const stats: DemoSimulatorStats = { sent: 0, failed: 0, lastStatus: null, attempts: 0, cycle: 0 }

  let actions = actionsOf(first)
  let next = 0
  let timer: NodeJS.Timeout | undefined
  let scheduled = false
  let stopped = false
  let pumping: Promise<void> | null = null
  const queue: Job[] = []
  const retries = new Set<NodeJS.Timeout>()
  let resolveDone: () => void = () => {}
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve
  })

  const report = (info: DemoDeliveryInfo): void => {
    try {
      options.onDelivery?.(info)
    } catch {
      // The host's callback must not break the schedule.
    }
  }

  const settleIfDone = (): void => {
    if (scheduled && queue.length === 0 && pumping === null && retries.size === 0) resolveDone()
  }

  const settle = (job: Job, outcome: PostOutcome): void => {
    if (stopped) return // cancelled by stop(): neither a success nor a failure
    stats.attempts += 1
    stats.lastStatus = outcome.status
    const ok = isSuccess(outcome)
    const again = !ok && retryable(outcome) && job.attempt < maxAttempts
    if (ok) stats.sent += 1
    else if (!again) stats.failed += 1
    report({
      delivery: job.delivery,
      attempt: job.attempt,
      status: outcome.status,
      ok,
      final: !again,
      error: outcome.error,
    })
    if (!again) return
    const delay = Math.min(maxDelay, baseDelay * 2 ** (job.attempt - 1))
    const retry = setTimeout(() => {
      retries.delete(retry)
      enqueue({ ...job, attempt: job.attempt + 1 })
    }, delay)
    retries.add(retry)
  }

  // One delivery in flight at a time, in schedule order (a retry re-joins at the back).
  const pump = async (): Promise<void> => {
    for (let job = queue.shift(); job && !stopped; job = queue.shift()) {
      const outcome = await sender.post(url, job.bytes, job.headers, timeoutMs)
      settle(job, outcome)
    }
  }

  const startPump = (): void => {
    if (pumping !== null || stopped || queue.length === 0) return
    pumping = pump()
      .catch(() => undefined)
      .finally(() => {
        pumping = null
        startPump()
        settleIfDone()
      })
  }

  const enqueue = (job: Job): void => {
    if (stopped) return
    if (queue.length >= MAX_QUEUE) {
      stats.failed += 1
      report({
        delivery: job.delivery,
        attempt: job.attempt,
        status: null,
        ok: false,
        final: true,
        error: 'backlog full',
      })
      return
    }
    queue.push(job)
    startPump()
  }

  const run = (action: Action): void => {
    const { delivery } = action
    if (action.truth) {
      workspace.apply(delivery)
      return
    }
    // A webhook FastPix never delivered: the monitor's reconciler finds out from the REST API.
    if (delivery.lost) return
    const body = Buffer.from(deliveryBytes(delivery.body), 'utf8')
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (!delivery.probe) headers['FastPix-Signature'] = sign(body, key)
    enqueue({ delivery, bytes: body, headers, attempt: 1 })
  }

  const tick = (): void => {
    timer = undefined
    if (stopped) return
    try {
      const now = performance.now()
      for (;;) {
        const action = actions[next]
        if (!action) {
          if (!loop) {
            scheduled = true
            settleIfDone()
            return
          }
          stats.cycle += 1
          actions = actionsOf(buildDemoPlan({ seed, streams: options.streams, startAt, cycle: stats.cycle }))
          next = 0
          timer = setTimeout(tick, 0) // yield between cycles, whatever the speed
          return
        }
        const due = t0 + action.at / speed
        if (due > now) {
          timer = setTimeout(tick, Math.ceil(due - now))
          return
        }
        next += 1
        run(action)
      }
    } catch {
      // Never throw into the host; keep the show going from the next action.
      timer = setTimeout(tick, 1000)
    }
  }
  timer = setTimeout(tick, 0)

  let stopping: Promise<void> | null = null
  return {
    secret: options.signingSecret,
    workspace,
    plan: first,
    stats: () => ({ ...stats }),
    now: scenarioNow,
    done,
    stop() {
      stopping ??= (async () => {
        stopped = true
        clearTimeout(timer)
        for (const retry of retries) clearTimeout(retry)
        retries.clear()
        queue.length = 0
        sender.close()
        await pumping?.catch(() => undefined)
        resolveDone()
      })()
      return stopping
    },
  }
}
