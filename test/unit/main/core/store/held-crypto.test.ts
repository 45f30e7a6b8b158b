import { describe, expect, it } from 'vitest'
import { checkHoldKey, openHeld, sealHeld } from '../../../../../src/main/core/store/held-crypto.ts'

const key = Buffer.alloc(32, 1)
const raw = Buffer.from('{"data":{"streamKey":"sk-live-0123456789"}}')

describe('held-crypto', () => {
  it('round-trips and never contains the plaintext', () => {
    const sealed = sealHeld(key, 'ev-1', raw)
    expect(sealed.includes(Buffer.from('sk-live-0123456789'))).toBe(false)
    expect(openHeld(key, 'ev-1', sealed).equals(raw)).toBe(true)
  })

  it('uses a fresh nonce every time', () => {
    expect(sealHeld(key, 'ev-1', raw).equals(sealHeld(key, 'ev-1', raw))).toBe(false)
  })

  it('rejects another key, another event id, or a flipped byte', () => {
    const sealed = sealHeld(key, 'ev-1', raw)
    expect(() => openHeld(Buffer.alloc(32, 2), 'ev-1', sealed)).toThrow()
    expect(() => openHeld(key, 'ev-2', sealed)).toThrow()
    const flipped = Buffer.from(sealed)
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1
    expect(() => openHeld(key, 'ev-1', flipped)).toThrow()
    expect(() => openHeld(key, 'ev-1', sealed.subarray(0, 10))).toThrow(/unknown format/)
  })

  it('insists on a 32-byte key', () => {
    expect(() => checkHoldKey(Buffer.alloc(16))).toThrow(/32 bytes/)
    expect(() => checkHoldKey(key)).not.toThrow()
  })
})
