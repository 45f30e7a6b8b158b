// Opens the store's SQLite file with its pinned settings and brings the schema
// up to date. Synchronous on purpose: the worker calls it, and so do tests and
// benchmarks that need to look at (or fill) a real file directly.
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'
import { createPrivateFile, privateIfPresent } from '../config/private-files.ts'
import { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.ts'

/** Rows of ~1 KB pack with little waste in 16 KiB pages; only applies to a new file. */
export const PAGE_SIZE = 16_384
/** The reader thread checkpoints every 500 ms; the writer only steps in if the WAL grows past ~64 MiB. */
const WRITER_AUTOCHECKPOINT_PAGES = 4096
export const BUSY_TIMEOUT_MS = 5000

export interface OpenOptions {
  /** Read-only connection (the reader worker): no migrations, fails if the schema is not current. */
  readOnly?: boolean
}

export interface OpenedDatabase {
  db: DatabaseSync
  /** Migrations this open applied (empty when the file was already current). */
  applied: number[]
}

export interface DatabaseSettings {
  journalMode: string
  synchronous: number
  busyTimeout: number
  schemaVersion: number
}

export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const readOnly = options.readOnly ?? false
  if (!readOnly) makePrivate(file)
  const db = new DatabaseSync(file, { readOnly, timeout: BUSY_TIMEOUT_MS })
  try {
    const applied = readOnly ? configureReader(db) : configureWriter(db)
    return { db, applied }
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * D7: SQLite would create the file 0644. Made 0600 first, the -wal, -shm and -journal
 * files SQLite creates later (again after every last close) take the same mode.
 */
function makePrivate(file: string): void {
  if (file === ':memory:' || file.startsWith('file:')) return
  createPrivateFile(file)
  for (const suffix of ['-wal', '-shm', '-journal']) privateIfPresent(`${file}${suffix}`)
}

function configureWriter(db: DatabaseSync): number[] {
  // page_size must precede WAL on a new file; on an existing one it is a no-op.
  db.exec(`PRAGMA page_size = ${PAGE_SIZE}`)
  const mode = get<{ journal_mode: string }>(db.prepare('PRAGMA journal_mode = WAL'))
  if (mode?.journal_mode !== 'wal') throw new Error(`store: could not enable WAL (got ${mode?.journal_mode})`)
  db.exec(`
    PRAGMA synchronous = FULL;
    PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
    PRAGMA temp_store = MEMORY;
    PRAGMA cache_size = -16000;
    PRAGMA journal_size_limit = 67108864;
    PRAGMA wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES};
  `)
  return migrate(db)
}

function configureReader(db: DatabaseSync): number[] {
  db.exec(`
    PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
    PRAGMA temp_store = MEMORY;
    PRAGMA cache_size = -32000;
    PRAGMA mmap_size = 268435456;
  `)
  const version = schemaVersion(db)
  if (version !== SCHEMA_VERSION) {
    throw new Error(`store: schema version ${version} on disk, this build needs ${SCHEMA_VERSION}`)
  }
  return []
}

function migrate(db: DatabaseSync): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`)
  const onDisk = schemaVersion(db)
  if (onDisk > SCHEMA_VERSION) {
    throw new Error(`store: the database is from a newer version (schema ${onDisk} > ${SCHEMA_VERSION})`)
  }
  const applied: number[] = []
  for (const migration of MIGRATIONS) {
    if (migration.version > onDisk && applyOne(db, migration)) applied.push(migration.version)
  }
  return applied
}

/** One migration, one transaction; re-checked inside it in case another process got there first. */
function applyOne(db: DatabaseSync, migration: Migration): boolean {
  db.exec('BEGIN IMMEDIATE')
  try {
    const done = get(db.prepare('SELECT 1 AS x FROM schema_migrations WHERE version = ?'), migration.version)
    if (done) {
      db.exec('COMMIT')
      return false
    }
    db.exec(migration.sql)
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      Date.now(),
    )
    db.exec(`PRAGMA user_version = ${migration.version}`)
    db.exec('COMMIT')
    return true
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw new Error(`store: migration ${migration.version} (${migration.name}) failed: ${message(error)}`)
  }
}

export function schemaVersion(db: DatabaseSync): number {
  const row = get<{ v: number | null }>(db.prepare('SELECT max(version) AS v FROM schema_migrations'))
  return row?.v ?? 0
}

export function readSettings(db: DatabaseSync): DatabaseSettings {
  return {
    journalMode: get<{ journal_mode: string }>(db.prepare('PRAGMA journal_mode'))?.journal_mode ?? '',
    synchronous: get<{ synchronous: number }>(db.prepare('PRAGMA synchronous'))?.synchronous ?? -1,
    busyTimeout: get<{ timeout: number }>(db.prepare('PRAGMA busy_timeout'))?.timeout ?? -1,
    schemaVersion: schemaVersion(db),
  }
}

// node:sqlite types rows as loose records; the shape is fixed by each statement's
// SQL over STRICT tables, so the cast lives here once instead of at every call.
export function all<T>(stmt: StatementSync, ...params: SQLInputValue[]): T[] {
  return stmt.all(...params) as unknown as T[]
}

export function get<T>(stmt: StatementSync, ...params: SQLInputValue[]): T | undefined {
  return stmt.get(...params) as unknown as T | undefined
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
