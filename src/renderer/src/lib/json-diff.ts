// What changed between two payloads: every path whose value was added, removed or
// changed, in document order. Arrays compare index by index (FastPix arrays are short
// and positional: playback ids, attempts).
import { childPath, isPlainObject, jsonEqual } from './json-path.ts'

export type DiffKind = 'added' | 'removed' | 'changed'

export interface DiffEntry {
  path: string
  kind: DiffKind
  /** Absent when added. */
  before?: unknown
  /** Absent when removed. */
  after?: unknown
}

export interface JsonDiff {
  entries: DiffEntry[]
  /** More differences existed than `limit`. */
  truncated: boolean
}

const MAX_DEPTH = 64

/** Differences from `before` to `after`; at most `limit` entries. */
export function diffJson(before: unknown, after: unknown, limit = 500): JsonDiff {
  const entries: DiffEntry[] = []
  let truncated = false
  const push = (entry: DiffEntry): void => {
    if (entries.length < limit) entries.push(entry)
    else truncated = true
  }

  const walk = (a: unknown, b: unknown, path: string, depth: number): void => {
    if (truncated) return
    if (depth < MAX_DEPTH && isPlainObject(a) && isPlainObject(b)) {
      for (const key of Object.keys(b)) {
        if (!Object.hasOwn(a, key)) push({ path: childPath(path, key), kind: 'added', after: b[key] })
        else walk(a[key], b[key], childPath(path, key), depth + 1)
      }
      for (const key of Object.keys(a)) {
        if (!Object.hasOwn(b, key)) push({ path: childPath(path, key), kind: 'removed', before: a[key] })
      }
      return
    }
    if (depth < MAX_DEPTH && Array.isArray(a) && Array.isArray(b)) {
      const shared = Math.min(a.length, b.length)
      for (let i = 0; i < shared; i++) walk(a[i], b[i], childPath(path, i), depth + 1)
      for (let i = shared; i < b.length; i++) push({ path: childPath(path, i), kind: 'added', after: b[i] })
      for (let i = shared; i < a.length; i++)
        push({ path: childPath(path, i), kind: 'removed', before: a[i] })
      return
    }
    if (!jsonEqual(a, b))
      push({ path: path === '' ? '(whole payload)' : path, kind: 'changed', before: a, after: b })
  }

  walk(before, after, '', 0)
  return { entries, truncated }
}

/** Path → kind, for marking a tree. */
export function diffMarks(diff: JsonDiff): Map<string, DiffKind> {
  return new Map(diff.entries.map((e) => [e.path, e.kind]))
}
