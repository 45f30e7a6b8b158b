// D7: every file the monitor writes is 0600 and every folder 0700, through a workspace's
// whole life: first start in a folder that does not exist yet, a probe, held deliveries,
// settings and notification settings saved, the secret set, a restart, verified ingest.
import { chmod, lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { openDatabase } from '../../src/main/core/store/db.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { tempDir } from '../support/serve.ts'

const SECRET = 'ZXhhbXBsZS1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm'
const KEY = decodeSigningSecret(SECRET)!

interface Entry {
  path: string
  dir: boolean
  mode: number
}

/** Every entry under `root` (and root itself), by lstat only. */
async function walk(root: string): Promise<Entry[]> {
  const out: Entry[] = []
  const visit = async (path: string): Promise<void> => {
    const s = await lstat(path)
    out.push({ path, dir: s.isDirectory(), mode: s.mode & 0o777 })
    if (!s.isDirectory()) return
    for (const name of await readdir(path)) await visit(join(path, name))
  }
  await visit(root)
  return out
}

function modes(entries: Entry[]): string[] {
  return entries.map((e) => `${e.dir ? 'dir ' : 'file'} ${e.mode.toString(8)} ${e.path}`)
}

function expectPrivate(entries: Entry[]): { files: number; folders: number } {
  const wrong = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
  expect(modes(wrong)).toEqual([])
  return { files: entries.filter((e) => !e.dir).length, folders: entries.filter((e) => e.dir).length }
}

function delivery(id: string): string {
  return JSON.stringify({
    type: 'video.live_stream.active',
    object: { type: 'live', id: 'c'.repeat(32) },
    id,
    data: { status: 'active', streamKey: 'sk-private-files-0000000000' },
    createdAt: new Date().toISOString(),
  })
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  await res.arrayBuffer()
  return res.status
}

let handle: ServeHandle | null = null
const dirs: string[] = []
afterEach(async () => {
  await handle?.close()
  handle = null
})
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const start = (dataDir: string, signingSecret: string | null) =>
  startServe({ dataDir, demo: false, live: true, webhookPort: 0, port: 0, signingSecret })

describe('private files (D7)', () => {
  it('keeps every file 0600 and every folder 0700 from first start to restart', async () => {
    const parent = await tempDir()
    dirs.push(parent)
    const dataDir = join(parent, 'new', 'data') // serve creates it
    handle = await start(dataDir, null)
    const url = handle.webhookUrl
    // A probe from the public side, then held deliveries (neither teaches the origin).
    expect(await post(url, '{}', { 'x-forwarded-proto': 'https', host: 'fpm.example.ngrok.app' })).toBe(200)
    expect(await post(url, delivery('held-1'))).toBe(202)
    // One body, signed as sent (a second delivery() call a millisecond later has another createdAt).
    const signed = delivery('held-2')
    expect(await post(url, signed, { 'fastpix-signature': sign(signed, KEY) })).toBe(202)
    await handle.controller.api.updateSettings({ retention: { maxAgeDays: 14 } })
    await handle.controller.api.updateNotificationSettings({ sound: false })
    await handle.monitor.flush()

    const running = await walk(dataDir)
    const ws = handle.dataDir
    const names = running.filter((e) => e.path.startsWith(`${ws}/`)).map((e) => e.path.slice(ws.length + 1))
    // The files this test means to cover are really there (WAL and shm only while open).
    expect(names).toEqual(
      expect.arrayContaining([
        'monitor.sqlite',
        'monitor.sqlite-wal',
        'monitor.sqlite-shm',
        'monitor.lock',
        'monitor.pid',
        'hold.key',
        'settings.json',
        'notifications.json',
      ]),
    )
    expectPrivate(running)

    expect(await handle.monitor.setSigningSecret(SECRET)).toEqual({ released: 1, rejected: 1 })
    await handle.close()
    handle = null
    expectPrivate(await walk(dataDir))

    handle = await start(dataDir, SECRET)
    const body = delivery('verified-1')
    // A new verified delivery from the public side: the delivery origin is remembered.
    const publicSide = { 'x-forwarded-proto': 'https', host: 'fpm.example.ngrok.app' }
    expect(await post(handle.webhookUrl, body, { 'fastpix-signature': sign(body, KEY), ...publicSide })).toBe(
      202,
    )
    await handle.monitor.flush()
    const restarted = await walk(dataDir)
    const ws2 = handle.dataDir
    const counted = expectPrivate(restarted)
    await handle.close() // also waits for the delivery origin's write
    handle = null
    const stopped = await walk(dataDir)
    expect(stopped.map((e) => e.path)).toContain(join(ws2, 'delivery-origin.json'))
    expectPrivate(stopped)
    // Reported: how much was checked.
    console.info(`D7: ${counted.files} files and ${counted.folders} folders checked while running`)
    expect(counted.files).toBeGreaterThanOrEqual(8)
    expect(counted.folders).toBe(3)
  }, 30_000)

  it('tightens a workspace folder an older version left readable', async () => {
    const dataDir = await tempDir()
    dirs.push(dataDir)
    const ws = join(dataDir, 'workspaces', 'live')
    await mkdir(ws, { recursive: true, mode: 0o755 })
    await chmod(join(dataDir, 'workspaces'), 0o755)
    await chmod(ws, 0o755)
    const { db } = openDatabase(join(ws, 'monitor.sqlite'))
    db.close()
    await chmod(join(ws, 'monitor.sqlite'), 0o644)
    await writeFile(join(ws, 'settings.json'), '{}\n', { mode: 0o644 })
    await chmod(join(ws, 'settings.json'), 0o644)

    handle = await start(dataDir, null)
    expectPrivate(await walk(dataDir))
  })
})
