// The `serve` command as a user runs it: one JSON line, logs on stderr, the demo's
// streams changing in /api/streams, clean shutdown, and the same picture after a restart.
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { StreamSnapshot } from '../../src/shared/domain.ts'
import { apiClient, spawnServe, tempDir, waitFor } from '../support/serve.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('npm run serve -- --demo', () => {
  it('prints one JSON line, serves the changing demo picture, stops on SIGTERM and restores on restart', async () => {
    const base = join(await tempDir(), 'fresh', 'data')
    dirs.push(base)
    const args = [
      '--demo',
      '--demo-speed',
      '30',
      '--demo-seed',
      '7',
      '--data-dir',
      base,
      '--webhook-port',
      '0',
      '--port',
      '0',
    ]
    const first = await spawnServe(args)
    const { line } = first
    expect(line.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/fastpix$/)
    expect(line.dashboardUrl).toBe(`${line.apiUrl}/?token=${line.apiToken}`)
    expect(line.apiToken.length).toBeGreaterThanOrEqual(24)
    expect(existsSync(line.dataDir)).toBe(true)
    expect(line.dataDir.startsWith(base)).toBe(true)

    const get = apiClient(line.apiUrl, line.apiToken)
    // Six streams appear, and their states change as the demo plays.
    const seen = new Map<string, Set<string>>()
    await waitFor(
      async () => {
        const { streams } = await get<{ streams: StreamSnapshot[] }>('/api/streams')
        for (const s of streams) {
          const set = seen.get(s.id) ?? new Set()
          set.add(`${s.status}/${s.connection}/${s.health}`)
          seen.set(s.id, set)
        }
        const changing = [...seen.values()].filter((v) => v.size >= 2).length
        return streams.length === 6 && changing >= 4 ? streams : undefined
      },
      30_000,
      'six demo streams changing state',
    )
    const { streams } = await get<{ streams: StreamSnapshot[] }>('/api/streams')
    for (const s of streams) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'id',
          'status',
          'connection',
          'health',
          'reconnectDeadline',
          'lastEventAt',
          'lastEventType',
          'simulcastTargets',
        ]),
      )
      for (const t of s.simulcastTargets)
        expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'state', 'displayName', 'lastEventAt']))
      expect(s).not.toHaveProperty('fold')
    }
    const receiver = await get<Record<string, unknown>>('/api/receiver')
    expect(receiver).toMatchObject({ probes: 1, rejected: 0, unverified: 0 })
    expect(receiver.accepted).toBeGreaterThan(20)
    const { events } = await get<{ events: { id: string }[] }>('/api/events?limit=1000')
    // The demo keeps delivering: the list, read after the counters, holds at least as many.
    expect(events.length).toBeGreaterThanOrEqual(receiver.accepted as number)

    // Logs went to stderr; stdout holds exactly the one JSON line.
    expect(first.stderr()).toContain('webhook receiver on')
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.stdoutLines).toHaveLength(1)
    expect(first.stderr()).toContain('SIGTERM: stopping')

    // Restart: the persisted picture is there before the new demo run changes anything.
    const before = new Map(streams.map((s) => [s.id, s]))
    const second = await spawnServe(args)
    const get2 = apiClient(second.line.apiUrl, second.line.apiToken)
    const restored = await get2<{ streams: StreamSnapshot[] }>('/api/streams')
    const overlap = restored.streams.filter((s) => before.has(s.id))
    expect(overlap.length).toBe(6)
    const events2 = await get2<{ events: { id: string }[] }>('/api/events?limit=1000')
    expect(events2.events.length).toBeGreaterThanOrEqual(events.length)
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
  }, 90_000)

  it('explains bad flags in one line and exits non-zero', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    await expect(spawnServe(['--port', 'abc', '--data-dir', dir])).rejects.toThrow(
      /--port must be a port number/,
    )
    await expect(spawnServe(['--nope'])).rejects.toThrow(/Unknown option '--nope'/)
  })
})
