// Reconnect delays: exponential with "equal jitter" so many tabs do not retry in step.
export interface BackoffOptions {
  initialMs: number
  maxMs: number
  factor: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, factor: 2 }

/** Delay before attempt number `attempt` (1 = first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exp = options.initialMs * options.factor ** Math.max(0, attempt - 1)
  const capped = Math.min(options.maxMs, exp)
  return Math.round(capped / 2 + (random() * capped) / 2)
}
