// The PostgreSQL store's versioned schema, as SQLite's (store/migrations.ts) for the tables
// this store has so far. Each migration runs once, in its own transaction, under an advisory
// lock (replicas starting together on one database migrate one after another), and is
// recorded in schema_migrations. Never edit a shipped migration: append one.
import type { Sql } from 'postgres'

export interface PgMigration {
  version: number
  name: string
  sql: string
}

// Ids are kept as text (no `names` table: PostgreSQL's TOAST and page layout make the
// refs less worth their join). The payload stays TEXT, byte for byte what was stored,
// so text search and secret scans see it as it is (JSONB would reorder and respace it).
const initial = `
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  stream_id TEXT,
  simulcast_id TEXT,
  workspace_id TEXT,
  occurred_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  verification TEXT NOT NULL CHECK (verification IN ('verified', 'unverified')),
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  last_duplicate_at BIGINT,
  payload TEXT NOT NULL
);
CREATE INDEX events_stream_seq ON events (stream_id, seq);
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_received_at ON events (received_at);
CREATE INDEX events_duplicates ON events (seq) WHERE duplicate_count > 0;

CREATE TABLE rejected (
  seq BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  status INTEGER NOT NULL,
  size INTEGER NOT NULL,
  preview TEXT NOT NULL,
  headers JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX rejected_status_received ON rejected (status, received_at);
CREATE INDEX rejected_received_at ON rejected (received_at);

CREATE TABLE probes (
  seq BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  size INTEGER NOT NULL
);
CREATE INDEX probes_received_at ON probes (received_at);

-- Receiver counters, updated in the same transactions as the rows they count (one
-- UPDATE per group), so reading them is O(1) and they survive retention.
CREATE TABLE counters (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  accepted BIGINT NOT NULL DEFAULT 0,
  duplicates BIGINT NOT NULL DEFAULT 0,
  rejected BIGINT NOT NULL DEFAULT 0,
  probes BIGINT NOT NULL DEFAULT 0,
  unverified BIGINT NOT NULL DEFAULT 0,
  stored BIGINT NOT NULL DEFAULT 0,
  held_bytes BIGINT NOT NULL DEFAULT 0,
  hold_refused BIGINT NOT NULL DEFAULT 0,
  hold_full BOOLEAN NOT NULL DEFAULT false,
  last_delivery_at BIGINT,
  last_probe_at BIGINT
);
INSERT INTO counters (id) VALUES (1);
`

export const PG_MIGRATIONS: readonly PgMigration[] = [{ version: 1, name: 'initial schema', sql: initial }]

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)

/** Key of the advisory lock migrations take (any constant; 'fpmm' in ASCII). */
const MIGRATION_LOCK = 0x66706d6d

/** Applies every migration not yet recorded; returns the versions applied now. */
export async function migrate(
  sql: Sql,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = []
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
      await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`
      const done = await tx`SELECT 1 FROM schema_migrations WHERE version = ${m.version}`
      if (done.length > 0) return false
      await tx.unsafe(m.sql)
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`
      return true
    })
    if (ran) applied.push(m.version)
  }
  return applied
}
