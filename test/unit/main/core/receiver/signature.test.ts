import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeSigningSecret,
  hmacSha256,
  sign,
  verifySignature,
} from '../../../../../src/main/core/receiver/signature.ts'

const SEED = 20_260_520
// SPEC §2.2 local test vector.
const SECRET = 'ZXhhbXBsZS1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm'
const BODY = Buffer.from('{"type":"video.live_stream.active","id":"00000000-0000-0000-0000-000000000001"}')
const EXPECTED = 'Embnltfe2AfAhFGcL1NHdorKuG7hXigDcf55mpinh5Y='
const WRONG_UNDECODED_KEY = 'HPGKEihzcmoSBrFrM2yvqWYxJiIZD0vbwmFSy36lsjo='
const WRONG_HEX = '1266e796d7ded807c084519c2f5347768acab86ee15e280371fe799a98a78796'

describe('W1 known answer (SPEC §2.2)', () => {
  const key = decodeSigningSecret(SECRET)!

  it('W1: the documented vector verifies and sign() reproduces it', () => {
    expect(sign(BODY, key)).toBe(EXPECTED)
    expect(verifySignature(BODY, EXPECTED, key)).toBe(true)
  })

  it('W1: the undecoded-key variant does not verify', () => {
    expect(sign(BODY, Buffer.from(SECRET))).toBe(WRONG_UNDECODED_KEY)
    expect(verifySignature(BODY, WRONG_UNDECODED_KEY, key)).toBe(false)
  })

  it('W1: the hex-output variant does not verify', () => {
    expect(verifySignature(BODY, WRONG_HEX, key)).toBe(false)
  })

  it('W1: non-canonical Base64 of the right digest (spare low bits set) is refused', () => {
    // 'Y' and 'Z' differ only in the 2 bits Base64 throws away in a 32-byte digest.
    const alias = `${EXPECTED.slice(0, 42)}Z=`
    expect(Buffer.from(alias, 'base64').equals(Buffer.from(EXPECTED, 'base64'))).toBe(true)
    expect(verifySignature(BODY, alias, key)).toBe(false)
  })

  it('decodeSigningSecret rejects empty and non-Base64 secrets', () => {
    expect(decodeSigningSecret('')).toBeNull()
    expect(decodeSigningSecret('   ')).toBeNull()
    expect(decodeSigningSecret('not base64!')).toBeNull()
    expect(decodeSigningSecret(` ${SECRET}\n`)?.equals(key)).toBe(true)
  })
})

describe('F1 verifier properties (fast-check, fixed seed)', () => {
  const keyArb = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes))
  const bodyArb = fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes))

  it('F1: sign/verify round trip', () => {
    fc.assert(
      fc.property(keyArb, bodyArb, (key, body) => verifySignature(body, sign(body, key), key)),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('F1: any one-byte change of the body rejects', () => {
    fc.assert(
      fc.property(
        keyArb,
        bodyArb.filter((b) => b.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (key, body, at, delta) => {
          const signature = sign(body, key)
          const changed = Buffer.from(body)
          const i = at % changed.length
          changed[i] = (changed[i]! + delta) & 0xff
          return !verifySignature(changed, signature, key)
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('F1: any one-character change of the signature rejects', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!-_ '
    fc.assert(
      fc.property(keyArb, bodyArb, fc.nat(), fc.nat(), (key, body, at, pick) => {
        const signature = sign(body, key)
        const i = at % signature.length
        const replacement = alphabet[pick % alphabet.length]!
        fc.pre(replacement !== signature[i])
        const changed = signature.slice(0, i) + replacement + signature.slice(i + 1)
        return !verifySignature(body, changed, key)
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('F1: arbitrary junk header values never throw and never verify', () => {
    const key = decodeSigningSecret(SECRET)!
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.stringMatching(/^[A-Za-z0-9+/=]{40,48}$/),
      fc.constantFrom(
        '',
        ' ',
        '='.repeat(44),
        'A'.repeat(44),
        `${EXPECTED}, ${EXPECTED}`,
        `sha256=${EXPECTED}`,
      ),
    )
    fc.assert(
      fc.property(junk, bodyArb, (header, body) => {
        expect(() => verifySignature(body, header, key)).not.toThrow()
        return verifySignature(body, header, key) === (header.trim() === sign(body, key))
      }),
      { seed: SEED, numRuns: 1000 },
    )
    expect(verifySignature(BODY, undefined, key)).toBe(false)
    expect(verifySignature(BODY, null, key)).toBe(false)
  })
})

describe('hmacSha256 (the verifier’s HMAC)', () => {
  const reference = (key: Buffer, body: Buffer): Buffer => createHmac('sha256', key).update(body).digest()

  it('equals createHmac for keys shorter than, equal to and longer than a block, and empty bodies', () => {
    for (const length of [1, 32, 63, 64, 65, 200]) {
      const key = Buffer.alloc(length, length)
      for (const body of [Buffer.alloc(0), BODY, Buffer.alloc(5000, 7)])
        expect(hmacSha256(key, body).equals(reference(key, body))).toBe(true)
    }
  })

  it('property: equals createHmac for any key and body, also interleaved between keys (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 130 }),
        fc.uint8Array({ minLength: 1, maxLength: 130 }),
        fc.uint8Array({ maxLength: 2000 }),
        (a, b, body) => {
          const [ka, kb, raw] = [Buffer.from(a), Buffer.from(b), Buffer.from(body)]
          expect(hmacSha256(ka, raw).equals(reference(ka, raw))).toBe(true)
          expect(hmacSha256(kb, raw).equals(reference(kb, raw))).toBe(true)
          expect(hmacSha256(ka, raw).equals(reference(ka, raw))).toBe(true)
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})
