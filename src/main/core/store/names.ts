// Interned strings (event types, stream/simulcast/workspace ids): events store
// small integer refs. A few thousand distinct values at most, so each worker
// keeps them all in memory and reloads after a rollback or an unknown ref.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { all, get } from './db.ts'

export interface Names {
  /** The ref of `value`, inserting it (writer only; call inside a transaction). */
  intern(value: string): number
  /** The ref of `value` if it is stored, without inserting. */
  find(value: string): number | null
  /** The string of `ref`; throws if no such ref exists. */
  value(ref: number): string
  /** Forget the cache (after a rollback it may hold refs that no longer exist). */
  reset(): void
}

export function createNames(db: DatabaseSync): Names {
  const byValue = new Map<string, number>()
  const byRef = new Map<number, string>()
  let loaded = false
  const selectAll = db.prepare('SELECT ref, value FROM names')
  const selectOne = db.prepare('SELECT ref FROM names WHERE value = ?')
  let insert: StatementSync | null = null

  function remember(ref: number, value: string): void {
    byValue.set(value, ref)
    byRef.set(ref, value)
  }

  function load(): void {
    byValue.clear()
    byRef.clear()
    for (const row of all<{ ref: number; value: string }>(selectAll)) remember(row.ref, row.value)
    loaded = true
  }

  function find(value: string): number | null {
    if (!loaded) load()
    const cached = byValue.get(value)
    if (cached !== undefined) return cached
    // Another connection (the writer) may have added it since we loaded.
    const row = get<{ ref: number }>(selectOne, value)
    if (!row) return null
    remember(row.ref, value)
    return row.ref
  }

  return {
    find,
    intern(value) {
      const found = find(value)
      if (found !== null) return found
      insert ??= db.prepare('INSERT INTO names (value) VALUES (?)')
      const ref = Number(insert.run(value).lastInsertRowid)
      remember(ref, value)
      return ref
    },
    value(ref) {
      if (!loaded) load()
      let value = byRef.get(ref)
      if (value === undefined) {
        load()
        value = byRef.get(ref)
      }
      if (value === undefined) throw new Error(`store: unknown name ref ${ref}`)
      return value
    },
    reset() {
      loaded = false
      byValue.clear()
      byRef.clear()
    },
  }
}
