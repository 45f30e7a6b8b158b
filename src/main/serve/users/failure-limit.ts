// Wrong tokens are limited per remote address: a fixed one-minute window counting
// failures, and past the limit every request from that address is answered 429 with
// Retry-After until the window ends. A fixed window (not a sliding log) keeps one
// counter per address; the map is bounded (oldest entries dropped first) so a flood
// from many addresses cannot grow it without end. @fastify/rate-limit is not a
// dependency, and counting only failures is all this needs.
export interface FailureLimit {
  /** Seconds until the address may try again, or 0 when it may now. */
  blockedFor(address: string, now?: number): number
  /** Counts one wrong token from the address. */
  failed(address: string, now?: number): void
}

export function createFailureLimit(
  options: { max?: number; windowMs?: number; maxAddresses?: number } = {},
): FailureLimit {
  const max = options.max ?? 10
  const windowMs = options.windowMs ?? 60_000
  const maxAddresses = options.maxAddresses ?? 10_000
  const windows = new Map<string, { start: number; count: number }>()
  const current = (address: string, now: number) => {
    const w = windows.get(address)
    if (w && now - w.start < windowMs) return w
    if (w) windows.delete(address)
    return null
  }
  return {
    blockedFor(address, now = Date.now()) {
      const w = current(address, now)
      return w && w.count >= max ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0
    },
    failed(address, now = Date.now()) {
      const w = current(address, now)
      if (w) {
        w.count += 1
        return
      }
      if (windows.size >= maxAddresses) {
        const oldest = windows.keys().next().value
        if (oldest !== undefined) windows.delete(oldest)
      }
      windows.set(address, { start: now, count: 1 })
    },
  }
}
