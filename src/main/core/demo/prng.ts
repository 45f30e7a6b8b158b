// Small seeded PRNG for the demo workspace: the same seed always plays the same show.

export type Rng = () => number

/** mulberry32: 32-bit state, good enough for fake ids and jitter (not for secrets). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mixes several integers into one 32-bit seed (so cycle N of seed S has its own stream). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193)
    h ^= h >>> 13
    h = Math.imul(h, 0x5bd1e995)
    h ^= h >>> 15
  }
  return h >>> 0
}

/** Integer in [min, max]. */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

const HEX = '0123456789abcdef'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

export function chars(rng: Rng, alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)]
  return out
}

export const hex = (rng: Rng, length: number): string => chars(rng, HEX, length)
export const alnum = (rng: Rng, length: number): string => chars(rng, ALNUM, length)
export const lowerAlnum = (rng: Rng, length: number): string => chars(rng, LOWER_ALNUM, length)
export const digits = (rng: Rng, length: number): string =>
  String(int(rng, 1, 9)) + chars(rng, '0123456789', length - 1)

/** RFC 4122 version-4 shaped UUID from the seeded stream. */
export function uuid(rng: Rng): string {
  const h = hex(rng, 32).split('')
  h[12] = '4'
  h[16] = '89ab'[Math.floor(rng() * 4)] ?? '8'
  const s = h.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** Bytes from the seeded stream (used for the demo signing secret). */
export function bytes(rng: Rng, length: number): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = Math.floor(rng() * 256)
  return out
}
