// FastPix webhook signature (SPEC §2.2): Base64(HMAC-SHA256(base64decode(secret), raw body)).
import { createHmac, createSecretKey, hash, type KeyObject, timingSafeEqual } from 'node:crypto'

const SIGNATURE_BYTES = 32
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Decodes the signing secret exactly as FastPix shows it (a Base64 string); null if unusable. */
export function decodeSigningSecret(secret: string): Buffer | null {
  const trimmed = secret.trim()
  if (trimmed === '' || !BASE64.test(trimmed)) return null
  const key = Buffer.from(trimmed, 'base64')
  return key.length > 0 ? key : null
}

// Turning a Buffer into a key on every HMAC costs ~5× the HMAC itself: keep one KeyObject per key.
const keyObjects = new WeakMap<Buffer, KeyObject>()
function keyObject(key: Buffer): KeyObject {
  let ko = keyObjects.get(key)
  if (!ko) {
    ko = createSecretKey(key)
    keyObjects.set(key, ko)
  }
  return ko
}

/** The reference signer (demo sender, tests): node's HMAC. */
export function sign(rawBody: Buffer | string, key: Buffer): string {
  return createHmac('sha256', keyObject(key)).update(rawBody).digest('base64')
}

/** Constant-time check of a `FastPix-Signature` header value; never throws. */
export function verifySignature(rawBody: Buffer, header: string | undefined | null, key: Buffer): boolean {
  if (typeof header !== 'string') return false
  const value = header.trim()
  // A standard Base64 SHA-256 digest is exactly 44 characters with one '=' of padding.
  if (value.length !== 44 || !BASE64.test(value)) return false
  const given = Buffer.from(value, 'base64')
  // Base64 leaves 2 spare bits in the last character: without this canonical check,
  // four different header strings would verify for the same digest.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64') !== value) return false
  return timingSafeEqual(given, hmacSha256(key, rawBody))
}

// HMAC-SHA256 (RFC 2104) from two one-shot hashes over pads made once per key. Per
// delivery this is a good third cheaper than a Hmac object, whose set-up is visible in
// the receiver's profile; tests hold it equal to createHmac for any key and body.
const BLOCK = 64
const pads = new WeakMap<Buffer, { inner: Buffer; outer: Buffer }>()

function padsOf(key: Buffer): { inner: Buffer; outer: Buffer } {
  let p = pads.get(key)
  if (!p) {
    const block = Buffer.alloc(BLOCK)
    ;(key.length > BLOCK ? hash('sha256', key, 'buffer') : key).copy(block)
    const inner = Buffer.alloc(BLOCK)
    // The outer pad is followed by the inner digest: one buffer, the digest written into its tail.
    const outer = Buffer.alloc(BLOCK + SIGNATURE_BYTES)
    for (let i = 0; i < BLOCK; i++) {
      inner[i] = (block[i] as number) ^ 0x36
      outer[i] = (block[i] as number) ^ 0x5c
    }
    p = { inner, outer }
    pads.set(key, p)
  }
  return p
}

export function hmacSha256(key: Buffer, body: Buffer): Buffer {
  const { inner, outer } = padsOf(key)
  const message = Buffer.allocUnsafe(BLOCK + body.length)
  inner.copy(message, 0)
  body.copy(message, BLOCK)
  // Synchronous from here to the return: the shared outer buffer cannot be used meanwhile.
  hash('sha256', message, 'buffer').copy(outer, BLOCK)
  return hash('sha256', outer, 'buffer')
}
