// The rejected log keeps each delivery's safe headers, through the store's worker and
// across a schema upgrade (rows recorded before headers were kept come back with none).
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import { HOLD_KEY, makeRejected, type TempDir, tempDir } from '../support/store-fixtures.ts'

let tmp: TempDir
let store: StoreHandle | null = null

beforeEach(() => {
  tmp = tempDir()
})
afterEach(async () => {
  await store?.close()
  store = null
  tmp.remove()
})

describe('rejected deliveries', () => {
  it('are listed newest first with their headers as recorded', async () => {
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })
    const first = makeRejected(1_000)
    const second = {
      ...makeRejected(2_000, 415, 'unsupported content type'),
      headers: [
        { name: 'content-type', value: 'text/plain' },
        { name: 'user-agent', value: 'curl/8.5.0' },
      ],
    }
    await store.commitRejected(first)
    await store.commitRejected(second)
    expect((await store.listRejected({})).rejected).toEqual([
      { ...second, seq: 2 },
      { ...first, seq: 1 },
    ])
  })

  it('recorded before headers were kept come back with none after the upgrade', async () => {
    const old = new DatabaseSync(tmp.file)
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
    )
    old.exec(MIGRATIONS[0]!.sql)
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name)
    old.exec('PRAGMA user_version = 1')
    old
      .prepare('INSERT INTO rejected (received_at, reason, status, size, preview) VALUES (?, ?, ?, ?, ?)')
      .run(500, 'signature mismatch', 401, 12, '{"type":"x"}')
    old.close()

    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })
    expect((await store.listRejected({})).rejected).toEqual([
      {
        seq: 1,
        receivedAt: 500,
        reason: 'signature mismatch',
        status: 401,
        size: 12,
        preview: '{"type":"x"}',
        headers: [],
      },
    ])
  })
})
