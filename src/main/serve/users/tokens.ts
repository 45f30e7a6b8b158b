// A user's dashboard token: `fpm_` + 32 random bytes (base64url), shown once, kept
// only as HMAC-SHA256(salt, token) with a per-user random salt, compared in constant time.
//
// Why a fast keyed hash and not scrypt: a slow hash protects guessable secrets
// (passwords). These tokens carry 256 random bits, so no amount of hashing speed
// makes guessing one from a leaked users file feasible; a slow hash would only cost
// CPU on every request, and make a flood of wrong tokens a cheap way to load the host.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOKEN_PREFIX = 'fpm_'
const TOKEN_BYTES = 32

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url')
}

export function newSalt(): string {
  return randomBytes(16).toString('base64url')
}

export function hashToken(token: string, salt: string): string {
  return createHmac('sha256', salt).update(token).digest('hex')
}

/** Whether `token` is the one hashed as `tokenHash` with `salt`, in time independent of where they differ. */
export function tokenMatches(token: string, salt: string, tokenHash: string): boolean {
  const given = Buffer.from(hashToken(token, salt), 'hex')
  const kept = Buffer.from(tokenHash, 'hex')
  return given.length === kept.length && timingSafeEqual(given, kept)
}
