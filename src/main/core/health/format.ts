// Small formatting helpers for reasons a person reads, the redacted destination and a
// target's own name from its metadata.
import { cleanLabel } from '../../../shared/target-name.ts'

/** Whole seconds elapsed (floored) for reasons like "preparing for 75 s". */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000)
}

/** "5 min" for whole minutes, otherwise "45 s". */
export function duration(sec: number): string {
  return sec >= 60 && sec % 60 === 0 ? `${sec / 60} min` : `${sec} s`
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id
}

/** Scheme and host of a simulcast `url`/`rtmpUrl` (the path holds the destination key). */
export function destinationOf(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null
  const record = data as Record<string, unknown>
  for (const key of ['url', 'rtmpUrl']) {
    const value = record[key]
    if (typeof value !== 'string' || value === '') continue
    try {
      const url = new URL(value)
      if (url.host === '') continue
      return `${url.protocol}//${url.host}`
    } catch {}
  }
  return null
}

const LABEL_KEYS = ['name', 'title', 'label'] as const

/**
 * A simulcast target's own name from `data.metadata` (`name`, `title` or `label`): null
 * when the metadata names none, undefined when the event carries no metadata at all.
 * `livestream_name` is the parent stream's name, not the target's.
 */
export function labelOf(data: unknown): string | null | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
  const meta = (data as Record<string, unknown>).metadata
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined
  const record = meta as Record<string, unknown>
  for (const key of LABEL_KEYS) {
    const label = cleanLabel(record[key])
    if (label !== null) return label
  }
  return null
}
