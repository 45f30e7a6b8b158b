import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, retryDelay } from '../../../../../src/main/core/tunnel/backoff.ts'

const SEED = 20_260_601

describe('retryDelay', () => {
  it('doubles from 1 s and is capped at 60 s without jitter', () => {
    const flat = { ...DEFAULT_BACKOFF, jitter: 0 }
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelay(n, flat, Math.random))
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000])
  })

  it('stays within ±jitter of the exponential step and never above maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, r) => {
          const base = Math.min(60_000, 1_000 * 2 ** (failures - 1))
          const delay = retryDelay(failures, DEFAULT_BACKOFF, () => r)
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8))
          expect(delay).toBeLessThanOrEqual(Math.min(60_000, Math.ceil(base * 1.2)))
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})
