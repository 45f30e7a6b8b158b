// redactRecord() for a delivery fresh from JSON.parse, in one copy instead of two
// walks, plus the copy's JSON text (the store keeps that text, so it is made once).
// The copy replaces secrets under their keys and hides URL key paths, collecting the
// secret values on the way; only if one of them (or URL credentials) still shows up
// in the copy's text is the general two-pass redaction run instead. The result is
// always exactly redactRecord()'s.
import {
  keyKind,
  MAX_DEPTH,
  MIN_SCRUB_LENGTH,
  REDACTED,
  redactRecord,
  redactUrl,
  URL_CREDENTIALS,
  urlSecretParts,
} from './redact.ts'

export interface RedactedJson {
  record: Record<string, unknown>
  /** JSON.stringify(record). */
  json: string
}

const CREDENTIALS = new RegExp(URL_CREDENTIALS.source, 'i')

/** Thrown inside the copy when a shape needs the general redaction (a secret key holding an object). */
const GENERAL = Symbol('general')

/** For values made by JSON.parse: plain objects, arrays, strings, numbers, booleans, null. */
export function redactParsed(value: Record<string, unknown>): RedactedJson {
  const secrets = new Set<string>()
  let record: Record<string, unknown> | null = null
  try {
    record = copyObject(value, 0, secrets)
  } catch (error) {
    if (error !== GENERAL) return general(value)
  }
  if (record === null) return general(value)
  const json = JSON.stringify(record)
  // A string holds a secret (or credentials) only if its JSON escape does: a hit may be
  // a false alarm (across two strings), which only costs the general path.
  for (const secret of secrets) if (json.includes(JSON.stringify(secret).slice(1, -1))) return general(value)
  if (json.includes('@') && CREDENTIALS.test(json)) return general(value)
  return { record, json }
}

function general(value: Record<string, unknown>): RedactedJson {
  const record = redactRecord(value)
  return { record, json: JSON.stringify(record) }
}

function copyValue(value: unknown, depth: number, secrets: Set<string>): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return '[too deep]'
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i], depth + 1, secrets)
    return out
  }
  return copyObject(value as Record<string, unknown>, depth, secrets)
}

function copyObject(
  record: Record<string, unknown>,
  depth: number,
  secrets: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record)) {
    const child = record[key]
    let copied: unknown
    const kind = keyKind(key)
    if (kind === 'secret') {
      if (typeof child === 'string') {
        if (child.length >= MIN_SCRUB_LENGTH) secrets.add(child)
        copied = child === '' ? child : REDACTED
      } else if (child === null || child === undefined) copied = child
      // Secrets nested in it are scrubbed elsewhere too: the general path collects them.
      else if (typeof child === 'object') throw GENERAL
      else copied = REDACTED
    } else if (kind === 'url' && typeof child === 'string') {
      for (const part of urlSecretParts(child)) secrets.add(part)
      copied = redactUrl(child)
    } else copied = copyValue(child, depth + 1, secrets)
    // defineProperty: a `__proto__` key stays data, it never becomes the copy's prototype.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true })
    } else out[key] = copied
  }
  return out
}

// The JSON text of each payload redactParsed made, so the store does not serialize it
// again. Payloads are never changed after normalization (they are what was delivered).
const texts = new WeakMap<object, string>()

export function rememberJson(payload: object, json: string): void {
  texts.set(payload, json)
}

/** The payload as JSON: the text made with it, or JSON.stringify. */
export function payloadJson(payload: object): string {
  return texts.get(payload) ?? JSON.stringify(payload)
}
