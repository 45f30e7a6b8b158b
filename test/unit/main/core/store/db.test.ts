// D5: settings pinned on a real file; migrations versioned and applied once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  all,
  BUSY_TIMEOUT_MS,
  openDatabase,
  PAGE_SIZE,
  readSettings,
} from '../../../../../src/main/core/store/db.ts'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../../src/main/core/store/migrations.ts'
import { openStore } from '../../../../../src/main/core/store/open-store.ts'
import { type TempDir, tempDir } from '../../../../support/store-fixtures.ts'

let tmp: TempDir
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.remove())

describe('db (D5)', () => {
  it('opens a new file with WAL, synchronous=FULL, busy_timeout ≥ 5000 and the current schema', () => {
    const { db, applied } = openDatabase(tmp.file)
    try {
      expect(applied).toEqual(MIGRATIONS.map((m) => m.version))
      expect(readSettings(db)).toEqual({
        journalMode: 'wal',
        synchronous: 2, // FULL
        busyTimeout: BUSY_TIMEOUT_MS,
        schemaVersion: SCHEMA_VERSION,
      })
      expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(5000)
      expect(all<{ page_size: number }>(db.prepare('PRAGMA page_size'))[0]?.page_size).toBe(PAGE_SIZE)
      expect(all<{ user_version: number }>(db.prepare('PRAGMA user_version'))[0]?.user_version).toBe(
        SCHEMA_VERSION,
      )
    } finally {
      db.close()
    }
  })

  it('makes every table STRICT', () => {
    const { db } = openDatabase(tmp.file)
    try {
      const tables = all<{ name: string; strict: number }>(
        db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
          AND name NOT LIKE 'sqlite_%'`),
      )
      expect(tables.length).toBeGreaterThanOrEqual(10)
      for (const t of tables)
        expect({ table: t.name, strict: t.strict }).toEqual({ table: t.name, strict: 1 })
    } finally {
      db.close()
    }
  })

  it('reopening runs no migration twice and keeps the recorded history', () => {
    const first = openDatabase(tmp.file)
    const history = all(
      first.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version'),
    )
    first.db.close()
    for (let i = 0; i < 3; i++) {
      const again = openDatabase(tmp.file)
      try {
        expect(again.applied).toEqual([])
        expect(
          all(again.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')),
        ).toEqual(history)
        expect(all(again.db.prepare('SELECT count(*) AS n FROM counters'))).toEqual([{ n: 1 }])
      } finally {
        again.db.close()
      }
    }
    expect(history).toHaveLength(MIGRATIONS.length)
  })

  it('refuses a file from a newer schema instead of guessing', () => {
    const { db } = openDatabase(tmp.file)
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      999,
      'future',
      1,
    )
    db.close()
    expect(() => openDatabase(tmp.file)).toThrow(/newer version/)
  })

  it('the running store reports the same pinned settings (through its writer)', async () => {
    const store = await openStore({ file: tmp.file, retentionIntervalMs: 0 })
    try {
      expect(await store.settings()).toEqual({
        journalMode: 'wal',
        synchronous: 2,
        busyTimeout: BUSY_TIMEOUT_MS,
        schemaVersion: SCHEMA_VERSION,
      })
    } finally {
      await store.close()
    }
    // A second open of the same file applies nothing.
    const { applied, db } = openDatabase(tmp.file)
    db.close()
    expect(applied).toEqual([])
  })
})
