// The request headers kept with a rejected delivery, to tell a person what was sent:
// names as sent (bounded), values shortened, and every value that could be a credential
// replaced. Nothing here is ever used to decide anything.
import type { HeaderLine } from '../../../shared/domain.ts'
import { REDACTED, redactText } from '../events/redact.ts'

export const MAX_HEADERS = 40
export const MAX_HEADER_VALUE = 200
const MAX_HEADER_NAME = 64

// Credentials by name: the signature itself, any auth scheme, cookies, and whatever
// looks like a token, key, secret or session. Compared lower-case.
const SECRET_NAME =
  /signature|authori[sz]ation|cookie|token|secret|passw|api[-_]?key|auth|session|credential|jwt|bearer/

// Values that carry a credential whatever the header's name.
const SECRET_VALUE = /^\s*(?:bearer|basic|digest|token|negotiate)\s+\S/i

export function isSecretHeader(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase())
}

/** A safe, bounded copy of the headers, in the order they came. */
export function safeHeaders(raw: Record<string, string | string[] | undefined>): HeaderLine[] {
  const lines: HeaderLine[] = []
  for (const name of Object.keys(raw)) {
    if (lines.length >= MAX_HEADERS) break
    const value = raw[name]
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    const shortName = name.length > MAX_HEADER_NAME ? `${name.slice(0, MAX_HEADER_NAME)}…` : name
    lines.push({ name: shortName, value: safeValue(name, text) })
  }
  return lines
}

function safeValue(name: string, value: string): string {
  if (value === '') return ''
  if (isSecretHeader(name) || SECRET_VALUE.test(value)) return REDACTED
  return redactText(value, MAX_HEADER_VALUE)
}
