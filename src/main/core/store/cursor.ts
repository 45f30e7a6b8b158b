// Keyset cursors: opaque to callers, a sequence number inside. "Next page" means
// rows with seq below the cursor, so pages stay stable while new rows arrive.

export function encodeCursor(kind: 'e' | 'r', seq: number): string {
  return Buffer.from(`${kind}:${seq}`, 'utf8').toString('base64url')
}

/** The seq inside `cursor`, or null when there is none; throws on a cursor we did not make. */
export function decodeCursor(kind: 'e' | 'r', cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return null
  const match = /^([er]):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match || match[1] !== kind) throw new Error('store: invalid cursor')
  return Number(match[2])
}

export function clampLimit(limit: number | undefined, fallback = 100, max = 1000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback
  return Math.min(max, Math.max(1, Math.trunc(limit)))
}
