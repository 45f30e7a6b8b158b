// Versioned schema. Each migration runs once, in its own transaction, and is
// recorded in schema_migrations. Never edit a shipped migration: append one.

export interface Migration {
  version: number
  name: string
  sql: string
}

// Sizing (P5, ≤ 1 KiB per event): type, stream, simulcast and workspace ids
// repeat on every row, so events keep small integer refs into `names` instead of
// the strings (~190 bytes per event with its indexes). The payload stays plain
// minified JSON so text search and secret scans see what is really stored.
const initial = `
CREATE TABLE names (
  ref INTEGER PRIMARY KEY,
  value TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type INTEGER NOT NULL,
  stream_id INTEGER,
  simulcast_id INTEGER,
  workspace_id INTEGER,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  verification TEXT NOT NULL CHECK (verification IN ('verified', 'unverified')),
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  last_duplicate_at INTEGER,
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX events_stream_seq ON events (stream_id, seq);
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_received_at ON events (received_at);
-- Partial: only rows delivered more than once, so it costs nothing for the rest.
CREATE INDEX events_duplicates ON events (seq) WHERE duplicate_count > 0;

-- W8: raw bodies of deliveries received before a signing secret existed,
-- sealed with AES-256-GCM (held-crypto.ts). One row per unverified event.
CREATE TABLE held (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  received_at INTEGER NOT NULL,
  signature TEXT,
  sealed BLOB NOT NULL
) STRICT;

CREATE TABLE rejected (
  seq INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status INTEGER NOT NULL,
  size INTEGER NOT NULL,
  preview TEXT NOT NULL
) STRICT;
CREATE INDEX rejected_status_received ON rejected (status, received_at);
CREATE INDEX rejected_received_at ON rejected (received_at);

CREATE TABLE probes (
  seq INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  size INTEGER NOT NULL
) STRICT;
CREATE INDEX probes_received_at ON probes (received_at);

CREATE TABLE transitions (
  seq INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  target_id TEXT,
  at INTEGER NOT NULL,
  from_health TEXT,
  to_health TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  event_id TEXT,
  cause TEXT NOT NULL CHECK (cause IN ('event', 'clock', 'reconcile'))
) STRICT;
CREATE INDEX transitions_stream_at ON transitions (stream_id, at);
CREATE INDEX transitions_at ON transitions (at);

CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Receiver counters, updated in the same transactions as the rows they count,
-- so reading them is O(1) and they survive retention. 'stored' is the live
-- events row count (retention by count needs it without COUNT(*)).
CREATE TABLE counters (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  accepted INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  probes INTEGER NOT NULL,
  unverified INTEGER NOT NULL,
  stored INTEGER NOT NULL,
  last_delivery_at INTEGER
) STRICT;
INSERT INTO counters VALUES (1, 0, 0, 0, 0, 0, 0, NULL);
`

// Request headers of a rejected delivery, as safeHeaders keeps them (JSON array of
// { name, value }); rows recorded before this have none.
const rejectedHeaders = `
ALTER TABLE rejected ADD COLUMN headers TEXT NOT NULL DEFAULT '[]';
`

// W12: ids (only) of events retention deleted, so a replayed delivery of one is a
// duplicate and not a new event; bounded by time and count (retention.ts PRUNED_IDS).
// seq is the order they were pruned in: the oldest go first.
// W10: what the hold of unverified deliveries takes (bytes per row and in total, for the
// cap decided in the writer), how many deliveries it refused, and whether it is full.
const prunedIdsAndHoldQuota = `
CREATE TABLE pruned_ids (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  pruned_at INTEGER NOT NULL
) STRICT;

-- bytes: the raw body (sealed minus its 29-byte header) plus the stored event JSON.
ALTER TABLE held ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX held_received_at ON held (received_at);
UPDATE held SET bytes = max(length(sealed) - 29, 0) + coalesce(
  (SELECT length(CAST(payload AS BLOB)) FROM events WHERE events.seq = held.seq), 0);

ALTER TABLE counters ADD COLUMN held_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE counters ADD COLUMN hold_refused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE counters ADD COLUMN hold_full INTEGER NOT NULL DEFAULT 0 CHECK (hold_full IN (0, 1));
UPDATE counters SET held_bytes = (SELECT coalesce(sum(bytes), 0) FROM held);
`

// Issue 11: what a broadcast report needs that was not kept. Viewer-count samples (one per
// stream per poll while live; their own retention, retention.ts), and every notification
// decision, raised or suppressed (as JSON: the Decision shape is the notification log's).
const viewersAndDecisions = `
CREATE TABLE viewer_samples (
  seq INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  count INTEGER NOT NULL
) STRICT;
CREATE INDEX viewer_samples_stream_at ON viewer_samples (stream_id, at);
CREATE INDEX viewer_samples_at ON viewer_samples (at);

CREATE TABLE decisions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  stream_id TEXT,
  json TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_stream_at ON decisions (stream_id, at);
CREATE INDEX decisions_at ON decisions (at);
`

// Issue 11, the workspace overview: the walk through a range's stream transitions (not
// targets') answered from this index alone (target_id too, or SQLite reads the row to
// check the partial condition). Nothing is added to events: P5 keeps each under 1 KiB.
const overviewIndexes = `
CREATE INDEX transitions_streams_at ON transitions (at, seq, stream_id, to_health, target_id)
  WHERE target_id IS NULL;
`

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initial },
  { version: 2, name: 'rejected delivery headers', sql: rejectedHeaders },
  { version: 3, name: 'pruned event ids and hold quota', sql: prunedIdsAndHoldQuota },
  { version: 4, name: 'viewer samples and notification decisions', sql: viewersAndDecisions },
  { version: 5, name: 'indexes of the workspace overview', sql: overviewIndexes },
]

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)
