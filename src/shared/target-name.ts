// The one display name of a simulcast target. The core fills it into every snapshot
// (`displayName`); the board, the detail view, the tray, notifications and the event
// log all show that value, so a target has one name everywhere.
// No Node or Electron imports: the renderer compiles this file too.

/** A name longer than this is clipped (chips, tray rows). */
export const TARGET_NAME_MAX = 40
/** Characters of the target id used when nothing better is known. */
const ID_CHARS = 8

const PLATFORMS: readonly (readonly [RegExp, string])[] = [
  [/(^|\.)youtube\.com$/, 'YouTube'],
  [/(^|\.)(twitch\.tv|live-video\.net)$/, 'Twitch'],
  [/(^|\.)facebook\.com$/, 'Facebook'],
  [/(^|\.)(instagram\.com|cdninstagram\.com)$/, 'Instagram'],
  [/(^|\.)linkedin\.com$/, 'LinkedIn'],
  [/(^|\.)(x\.com|twitter\.com|pscp\.tv)$/, 'X'],
  [/(^|\.)kick\.com$/, 'Kick'],
  [/(^|\.)restream\.io$/, 'Restream'],
]

/** What the name is derived from: FastPix's id, the redacted destination, the metadata name. */
export interface TargetNameInput {
  id: string
  /** Scheme and host only (the health model never keeps the key path). */
  destination: string | null
  /** `metadata.name` / `title` / `label` of the target's newest event that carried metadata. */
  label?: string | null
}

/** The short id: what a target is called when nothing else is known. */
export function targetIdName(id: string): string {
  return id.length > ID_CHARS ? id.slice(0, ID_CHARS) : id
}

/** The platform a destination host belongs to ("YouTube"), or null. */
export function platformOf(hostname: string): string | null {
  const host = hostname.toLowerCase()
  for (const [pattern, name] of PLATFORMS) if (pattern.test(host)) return name
  return null
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g

/** A metadata name fit to show: one line, not a redaction marker, clipped. */
export function cleanLabel(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const text = value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
  // A value the redactor touched is not a name (and the rest of it may be a key).
  if (text === '' || text.includes('[redacted]')) return null
  return text.length <= TARGET_NAME_MAX ? text : `${text.slice(0, TARGET_NAME_MAX - 1)}…`
}

/**
 * The name before telling same-named siblings apart: the metadata name, else the
 * platform recognised from the destination host, else that host, else the short id.
 * The destination's path (where RTMP URLs carry the stream key) is never used.
 */
export function targetBaseName(t: TargetNameInput): string {
  const label = cleanLabel(t.label)
  if (label !== null) return label
  if (t.destination) {
    try {
      const host = new URL(t.destination).hostname
      if (host !== '') return platformOf(host) ?? host
    } catch {
      // Not a URL: fall through to the id.
    }
  }
  return targetIdName(t.id)
}

/**
 * Display names for one stream's targets, by id. Two targets that would share a name
 * (two YouTube channels) get their short id added: "YouTube · 314a486a".
 */
export function targetDisplayNames(targets: readonly TargetNameInput[]): Map<string, string> {
  const base = targets.map((t) => [t.id, targetBaseName(t)] as const)
  const count = new Map<string, number>()
  for (const [, name] of base) count.set(name, (count.get(name) ?? 0) + 1)
  const out = new Map<string, string>()
  for (const [id, name] of base) {
    const short = targetIdName(id)
    out.set(id, (count.get(name) ?? 0) > 1 && name !== short ? `${name} · ${short}` : name)
  }
  return out
}
