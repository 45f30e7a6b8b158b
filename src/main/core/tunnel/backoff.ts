// Retry delays: exponential growth, capped, with jitter so many agents do not retry in step.

export interface Backoff {
  initialMs: number
  factor: number
  maxMs: number
  /** Fraction of the delay added or removed at random (0.2 → ±20 %). */
  jitter: number
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, factor: 2, maxMs: 60_000, jitter: 0.2 }

/** Delay before retry number `failures` (1 after the first failure); never above maxMs. */
export function retryDelay(failures: number, backoff: Backoff, random: () => number): number {
  const steps = Math.max(0, failures - 1)
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** steps)
  const jittered = base * (1 + backoff.jitter * (2 * random() - 1))
  return Math.round(Math.min(backoff.maxMs, Math.max(0, jittered)))
}
