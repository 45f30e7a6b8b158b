// Secret redaction for everything that leaves the receiver: stored payloads, log
// lines, rejected-delivery previews, IPC/WebSocket messages. Never throws.
export const REDACTED = '[redacted]'
export const MAX_DEPTH = 64
/** Secret values shorter than this are only replaced under their own key, not scrubbed elsewhere. */
export const MIN_SCRUB_LENGTH = 8
/** redactText looks at most at this many characters (previews are short anyway). */
const TEXT_WINDOW = 8192

// Compared after lower-casing and dropping `_`/`-`, so snake_case variants match too.
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'streamkey',
  'srtsecret',
  'srtsecert',
  'srtplaybacksecret',
  'secret',
  'secretkey',
  'password',
  'passphrase',
  'token',
  'authtoken',
  'signingsecret',
  'accesstoken',
  'authorization',
])
const URL_KEYS: ReadonlySet<string> = new Set(['url', 'rtmpurl', 'rtmpsurl', 'srturl'])

export type KeyKind = 'secret' | 'url' | 'plain'
// Payload keys repeat on every delivery: classify each spelling once (bounded cache).
const keyKinds = new Map<string, KeyKind>()
const MAX_CACHED_KEYS = 4096

export function keyKind(key: string): KeyKind {
  let kind = keyKinds.get(key)
  if (kind === undefined) {
    const canonical = key.toLowerCase().replace(/[_-]/g, '')
    kind = SECRET_KEYS.has(canonical) ? 'secret' : URL_KEYS.has(canonical) ? 'url' : 'plain'
    if (keyKinds.size < MAX_CACHED_KEYS) keyKinds.set(key, kind)
  }
  return kind
}

export function isSecretKey(key: string): boolean {
  return keyKind(key) === 'secret'
}

export function isUrlKey(key: string): boolean {
  return keyKind(key) === 'url'
}

type Visitor = (key: string | null, value: unknown) => void

/** Depth-first walk over plain data (cycle-safe, depth-limited); property reads may not throw through. */
function walk(value: unknown, visit: Visitor): void {
  // Two parallel stacks and no per-entry pairs: this runs on every delivery.
  const stack: object[] = []
  const depths: number[] = []
  if (value !== null && typeof value === 'object') {
    stack.push(value)
    depths.push(0)
  }
  const seen = new Set<object>()
  while (stack.length > 0) {
    const v = stack.pop()!
    const depth = depths.pop()!
    if (seen.has(v) || depth >= MAX_DEPTH) continue
    seen.add(v)
    try {
      if (Array.isArray(v)) {
        for (const child of v) {
          visit(null, child)
          if (child !== null && typeof child === 'object') {
            stack.push(child)
            depths.push(depth + 1)
          }
        }
      } else if (isPlainObject(v)) {
        const record = v as Record<string, unknown>
        for (const k of Object.keys(record)) {
          const child = record[k]
          visit(k, child)
          if (child !== null && typeof child === 'object') {
            stack.push(child)
            depths.push(depth + 1)
          }
        }
      }
    } catch {
      // A getter that throws: what was read so far stands.
    }
  }
}

function isPlainObject(obj: object): boolean {
  const proto: unknown = Object.getPrototypeOf(obj)
  return proto === Object.prototype || proto === null
}

/** Secret values (and key paths of URLs) anywhere in the value, longest first. */
function collectSecrets(value: unknown): string[] {
  const found = new Set<string>()
  walk(value, (key, child) => {
    if (key === null || typeof child !== 'string') return
    if (isSecretKey(key) && child.length >= MIN_SCRUB_LENGTH) found.add(child)
    else if (isUrlKey(key)) for (const part of urlSecretParts(child)) found.add(part)
  })
  return [...found].sort((a, b) => b.length - a.length)
}

/** The parts of a URL that redactUrl hides (key path segments, credentials, query). */
export function urlSecretParts(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:([^/?#@]*)@)?[^/?#]*\/[^/?#]*\/([^?#]*)(?:\?([^#]*))?/i.exec(url)
  if (!m) return []
  const parts: string[] = []
  for (const chunk of [m[1], m[2], m[3]]) {
    if (!chunk) continue
    for (const piece of chunk.split(/[/:&=]/)) if (piece.length >= MIN_SCRUB_LENGTH) parts.push(piece)
  }
  return parts
}

function scrub(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 && !text.includes('@')) return text
  let out = text
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  return maskUrlCredentials(out)
}

/** scheme://user:pass@ — credentials in a URL anywhere in a text. */
export const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi

function maskUrlCredentials(text: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a `__proto__` key stays data, it never becomes the copy's prototype.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else target[key] = value
}

function copy(value: unknown, depth: number, ancestors: Set<object>, secrets: readonly string[]): unknown {
  switch (typeof value) {
    case 'string':
      return scrub(value, secrets)
    case 'number':
    case 'boolean':
    case 'undefined':
      return value
    case 'bigint':
      return value.toString()
    case 'function':
    case 'symbol':
      return undefined
  }
  if (value === null) return null
  const obj = value as object
  if (ancestors.has(obj)) return '[circular]'
  if (depth >= MAX_DEPTH) return '[too deep]'
  if (obj instanceof Date) return Number.isFinite(obj.getTime()) ? obj.toISOString() : null
  if (obj instanceof Error) return { name: obj.name, message: redactText(String(obj.message)) }
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return '[binary]'
  if (!Array.isArray(obj) && !isPlainObject(obj)) return `[${obj.constructor?.name ?? 'object'}]`
  ancestors.add(obj)
  try {
    if (Array.isArray(obj)) return obj.map((v) => copy(v, depth + 1, ancestors, secrets))
    const record = obj as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(record)) {
      setOwn(out, scrub(key, secrets), copyField(key, record[key], depth, ancestors, secrets))
    }
    return out
  } finally {
    ancestors.delete(obj)
  }
}

function copyField(
  key: string,
  child: unknown,
  depth: number,
  ancestors: Set<object>,
  secrets: readonly string[],
): unknown {
  const kind = keyKind(key)
  if (kind === 'secret') return child === null || child === undefined || child === '' ? child : REDACTED
  if (kind === 'url' && typeof child === 'string') return scrub(redactUrl(child), secrets)
  return copy(child, depth + 1, ancestors, secrets)
}

/**
 * Deep copy with secrets replaced by "[redacted]": secret keys at any depth, key paths
 * of destination URLs, URL credentials, and any copy of those values elsewhere.
 */
export function redact(value: unknown): unknown {
  try {
    return copy(value, 0, new Set(), collectSecrets(value))
  } catch {
    return REDACTED
  }
}

/** redact() for an object that must stay an object (a delivered envelope). */
export function redactRecord(value: Record<string, unknown>): Record<string, unknown> {
  const out = redact(value)
  return out !== null && typeof out === 'object' && !Array.isArray(out)
    ? (out as Record<string, unknown>)
    : {}
}

// scheme://[userinfo@]host[/first-segment][/rest][?query][#fragment]; scheme optional.
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]*)(\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#.*)?$/is
/** URLs inside free text (JSON-escaped slashes are unescaped first). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s"'<>\\]+/gi

/**
 * Keeps scheme, host and the first path segment of a destination URL; hides user
 * info, the rest of the path (where RTMP URLs carry the stream key), query and fragment.
 * `rtmp://hyd01.contribute.live-video.net/app/KEY` → `rtmp://hyd01.contribute.live-video.net/app/[redacted]`.
 */
export function redactUrl(url: string): string {
  try {
    const m = URL_PARTS.exec(url)
    if (!m) return REDACTED
    const [, scheme = '', authority = '', first = '', rest = '', query, fragment] = m
    const at = authority.lastIndexOf('@')
    const host = at >= 0 ? `${REDACTED}@${authority.slice(at + 1)}` : authority
    const hiddenPath = rest !== '' && rest !== '/' ? `/${REDACTED}` : rest
    return `${scheme}${host}${first}${hiddenPath}${query ? `?${REDACTED}` : ''}${fragment ? `#${REDACTED}` : ''}`
  } catch {
    return REDACTED
  }
}

const TEXT_KEYS =
  'stream[_-]?key|srt[_-]?secret|srt[_-]?secert|srt[_-]?playback[_-]?secret|secret[_-]?key|signing[_-]?secret|' +
  'access[_-]?token|auth[_-]?token|authorization|passphrase|password|secret|token'
// A secret-like key (optionally quoted) and its separator; the value is scanned by valueEnd.
const SECRET_KEY_IN_TEXT = new RegExp(`["']?(?:${TEXT_KEYS})["']?\\s*[:=]\\s*`, 'gi')
const BARE_VALUE_END = /[\s,;&}\]"']/g
const TOKEN = /[A-Za-z0-9+/_=-]{24,}/g
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

function looksLikeSecretToken(token: string): boolean {
  if (UUID.test(token)) return false
  const digit = /\d/.test(token)
  const lower = /[a-z]/.test(token)
  const upper = /[A-Z]/.test(token)
  return (digit && (lower || upper)) || (lower && upper)
}

/** End of the value starting at `from`: a quoted string, a bracketed structure, or a bare word. */
function valueEnd(text: string, from: number): number {
  const first = text[from]
  if (first === '"' || first === "'") {
    let i = from + 1
    while (i < text.length && text[i] !== first) i += text[i] === '\\' ? 2 : 1
    return Math.min(i + 1, text.length)
  }
  if (first === '{' || first === '[') {
    let depth = 0
    let quote: string | null = null
    for (let i = from; i < text.length; i++) {
      const c = text[i]
      if (quote !== null) {
        if (c === '\\') i++
        else if (c === quote) quote = null
      } else if (c === '"' || c === "'") quote = c
      else if (c === '{' || c === '[') depth++
      else if ((c === '}' || c === ']') && --depth === 0) return i + 1
    }
    return text.length
  }
  BARE_VALUE_END.lastIndex = from
  const bare = BARE_VALUE_END.exec(text)
  return bare ? bare.index : text.length
}

/** Replaces the value after every secret-like key, whatever its shape (string, object, word). */
/** Masks only values that follow secret-like keys (`streamKey=…`, `"srtSecret":"…"`). */
export function maskKeyValues(text: string): string {
  let out = ''
  let last = 0
  SECRET_KEY_IN_TEXT.lastIndex = 0
  for (let m = SECRET_KEY_IN_TEXT.exec(text); m !== null; m = SECRET_KEY_IN_TEXT.exec(text)) {
    const start = m.index + m[0].length
    const end = valueEnd(text, start)
    if (end === start) continue
    const quote = text[start] === '"' || text[start] === "'" ? text[start] : ''
    out += `${text.slice(last, start)}${quote}${REDACTED}${quote}`
    last = end
    SECRET_KEY_IN_TEXT.lastIndex = end
  }
  return out + text.slice(last)
}

/**
 * Redacts free text (a body that is not JSON, a log message): values after secret-like
 * keys, URL credentials and key paths, and long high-entropy tokens. Output is at most
 * `maxLength` characters.
 */
export function redactText(input: string, maxLength = Number.POSITIVE_INFINITY): string {
  try {
    let text = String(input)
    if (text.length > TEXT_WINDOW) {
      // Drop a token cut in half at the window edge so no fragment of it survives.
      text = text.slice(0, TEXT_WINDOW).replace(/[A-Za-z0-9+/_=-]+$/, '')
    }
    text = text.replace(/\\\//g, '/').replace(URL_IN_TEXT, (url) => redactUrl(url))
    text = maskKeyValues(text)
      .replace(TOKEN, (token) => (looksLikeSecretToken(token) ? REDACTED : token))
      .replace(CONTROL, '?')
    if (text.length > maxLength) text = `${text.slice(0, Math.max(0, maxLength - 1))}…`
    return text
  } catch {
    return REDACTED
  }
}
