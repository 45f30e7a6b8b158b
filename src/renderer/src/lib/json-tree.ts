// The model behind the collapsible JSON tree: what a node is, how it reads when
// collapsed, and which nodes start open. Rendering lives in views/EventLogJson.tsx.
import { entriesOf, isPlainObject } from './json-path.ts'

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'redacted' | 'other'

/** The redaction marker the monitor writes in place of secrets. */
export const REDACTED = '[redacted]'

export function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (isPlainObject(value)) return 'object'
  if (typeof value === 'string') return value === REDACTED ? 'redacted' : 'string'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'boolean'
  return 'other'
}

/** "{ 12 keys }", "[ 3 items ]": a collapsed container. */
export function summaryOf(value: unknown): string {
  const n = entriesOf(value).length
  if (Array.isArray(value)) return n === 0 ? '[]' : `[ ${n} ${n === 1 ? 'item' : 'items'} ]`
  if (isPlainObject(value)) return n === 0 ? '{}' : `{ ${n} ${n === 1 ? 'key' : 'keys'} }`
  return formatLeaf(value)
}

/** A leaf as JSON shows it: strings quoted, numbers and literals plain. */
export function formatLeaf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Children shown before a "show more" (huge arrays would otherwise flood the pane). */
export const CHILDREN_SHOWN = 100

/** Open by default: the top two levels, and any small container a level below. */
export function openByDefault(value: unknown, depth: number): boolean {
  const n = entriesOf(value).length
  if (n === 0) return false
  if (depth < 2) return n <= CHILDREN_SHOWN
  return depth < 4 && n <= 6
}

/** Pretty JSON for the copy button and the plain-text view. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? ''
  } catch {
    return ''
  }
}
