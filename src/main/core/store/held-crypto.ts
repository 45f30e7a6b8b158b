// Raw bodies of held deliveries contain stream keys (W8), so they are sealed with
// AES-256-GCM before they reach the database. The event id is bound in as
// associated data: a sealed body cannot be moved to another row unnoticed.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES

export const HOLD_KEY_BYTES = 32

export function checkHoldKey(key: Uint8Array): void {
  if (key.byteLength !== HOLD_KEY_BYTES) {
    throw new Error(`store: holdKey must be ${HOLD_KEY_BYTES} bytes (got ${key.byteLength})`)
  }
}

function aad(eventId: string): Buffer {
  return Buffer.from(`fastpix-held:v${VERSION}:${eventId}`, 'utf8')
}

/** version (1) | iv (12) | tag (16) | ciphertext */
export function sealHeld(key: Uint8Array, eventId: string, raw: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad(eventId))
  const body = Buffer.concat([cipher.update(raw), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body])
}

/** Throws when the blob was not sealed with this key for this event. */
export function openHeld(key: Uint8Array, eventId: string, sealed: Uint8Array): Buffer {
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  if (blob.length < HEADER_BYTES || blob[0] !== VERSION) {
    throw new Error(`store: held delivery ${eventId} has an unknown format`)
  }
  const iv = blob.subarray(1, 1 + IV_BYTES)
  const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(aad(eventId))
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()])
}
