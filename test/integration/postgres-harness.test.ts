// The throwaway PostgreSQL the team-mode tests stand on: a real server from Debian's
// packages, started in a temp folder on a loopback port, durable settings on (fsync,
// synchronous_commit), reachable with the project's client, and gone after stop (its port
// refuses, its folder is deleted). Skipped, with the reason printed, where no server exists.
import { existsSync } from 'node:fs'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { findPostgres, startPostgres } from '../support/postgres.ts'

const found = findPostgres()
if ('missing' in found) console.warn(`PostgreSQL tests skipped: ${found.missing}`)

describe.skipIf('missing' in found)('a throwaway PostgreSQL cluster', () => {
  it('starts on loopback with durable settings, answers the client, and is gone after stop', async () => {
    const server = await startPostgres()
    const sql = postgres(server.url, { max: 2, onnotice: () => {} })
    try {
      expect(server.url).toMatch(/^postgres:\/\/monitor@127\.0\.0\.1:\d+\/monitor$/)
      const [settings] = await sql<{ fsync: string; sync: string; listen: string; version: string }[]>`
        SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync,
               current_setting('listen_addresses') AS listen, current_setting('server_version') AS version`
      expect(settings).toMatchObject({ fsync: 'on', sync: 'on', listen: '127.0.0.1' })
      expect(Number.parseInt(settings?.version ?? '0', 10)).toBeGreaterThanOrEqual(15)
      await sql`CREATE TABLE t (id text PRIMARY KEY, n int NOT NULL)`
      await sql`INSERT INTO t ${sql([
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ])} ON CONFLICT (id) DO NOTHING`
      await sql`INSERT INTO t ${sql([{ id: 'a', n: 9 }])} ON CONFLICT (id) DO NOTHING`
      expect(await sql`SELECT id, n FROM t ORDER BY id`).toEqual([
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ])
    } finally {
      await sql.end({ timeout: 5 })
      await server.stop()
    }
    const after = postgres(server.url, { max: 1, connect_timeout: 2, onnotice: () => {} })
    await expect(after`SELECT 1`).rejects.toThrow(/ECONNREFUSED|connect/)
    await after.end({ timeout: 1 })
    expect(existsSync(server.dir)).toBe(false)
  })

  it('runs two clusters side by side on other loopback addresses (one per replica, as team-mode tests need)', async () => {
    const [a, b] = await Promise.all([
      startPostgres({ host: '127.0.0.2' }),
      startPostgres({ host: '127.0.0.3' }),
    ])
    try {
      for (const server of [a, b]) {
        const sql = postgres(server.url, { max: 1, onnotice: () => {} })
        const [row] = await sql<{ addr: string }[]>`SELECT host(inet_server_addr()) AS addr`
        expect(row?.addr).toBe(server.host)
        await sql.end({ timeout: 5 })
      }
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
