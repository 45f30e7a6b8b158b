// Small formatting helpers for reasons a person reads, and the redacted destination.

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
