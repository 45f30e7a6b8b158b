// JSON parsing for untrusted bodies: strict UTF-8, and no prototype-poisoning keys.
// JSON.parse itself never touches Object.prototype (a "__proto__" key becomes an own
// property), but such objects become dangerous once merged or spread later, so they
// are refused outright, as secure-json-parse does by default.
import { isUtf8 } from 'node:buffer'

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; reason: string }

/** FastPix envelopes nest 4 levels; anything this deep is not a webhook. */
export const MAX_JSON_DEPTH = 64

/** Strict UTF-8 (no replacement characters, no surrogates), a leading BOM dropped, like a fatal TextDecoder. */
export function decodeUtf8(raw: Uint8Array): string | null {
  if (!isUtf8(raw)) return null
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8', bom)
}

/** Parses a raw body; `ok: false` carries a short reason fit for a 400 answer. */
export function safeParseJson(raw: Uint8Array | string): SafeJsonResult {
  const text = typeof raw === 'string' ? raw : decodeUtf8(raw)
  if (text === null) return { ok: false, reason: 'body is not valid UTF-8' }
  if (text.trim() === '') return { ok: false, reason: 'empty body' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'body is not valid JSON' }
  }
  // Walking the value is only needed when the text could hold a forbidden key (also
  // spelled with \u escapes) or nest deeply enough: rarely, for a real webhook.
  if (!mayBePoisoned(text)) return { ok: true, value }
  const problem = findPoison(value)
  return problem === null ? { ok: true, value } : { ok: false, reason: problem }
}

function mayBePoisoned(text: string): boolean {
  if (text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')) return true
  // Nesting needs as many `{` and `[` as its depth: count them, up to that.
  let open = 0
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i >= 0 && open < MAX_JSON_DEPTH; i = text.indexOf(bracket, i + 1))
      open++
  }
  return open >= MAX_JSON_DEPTH
}

/** Describes the first forbidden key or excess nesting, or null when the value is clean. */
export function findPoison(value: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (current === null || typeof current !== 'object') continue
    if (depth >= MAX_JSON_DEPTH) return 'JSON nested too deeply'
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 })
      continue
    }
    const record = current as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const child = record[key]
      if (key === '__proto__') return 'forbidden key "__proto__"'
      if (key === 'constructor' && isPrototypeHolder(child)) return 'forbidden key "constructor.prototype"'
      stack.push({ value: child, depth: depth + 1 })
    }
  }
  return null
}

function isPrototypeHolder(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')
}
