// D6: one writer per data folder. A second `serve` on the workspace folder of a running
// one exits non-zero with one line naming the folder and the holder's PID, and the
// first keeps working; a holder killed with SIGKILL leaves no lock behind.
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { FolderInUseError } from '../../src/main/core/store/folder-lock.ts'
import type { ReceiverStatus } from '../../src/shared/api.ts'
import { apiClient, ROOT, type ServeChild, spawnServe, tempDir } from '../support/serve.ts'

const dirs: string[] = []
const children: ServeChild[] = []
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.child.exitCode === null && c.child.signalCode === null) {
      c.child.kill('SIGKILL')
      await c.exited
    }
  }
})
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

/** Runs the serve CLI to its end (it must end by itself within the time given). */
function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'src/main/serve/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the second serve did not exit by itself:\n${stderr}`))
    }, 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

async function unsignedPost(url: string, id: string): Promise<number> {
  const body = JSON.stringify({
    type: 'video.live_stream.active',
    object: { type: 'live', id: 'b'.repeat(32) },
    id,
    data: { status: 'active' },
    createdAt: new Date().toISOString(),
  })
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  await res.arrayBuffer()
  return res.status
}

describe('one writer per data folder (D6)', () => {
  it('refuses a second serve on a folder in use, keeps the first running, and survives kill -9 of the holder', async () => {
    const base = await tempDir()
    dirs.push(base)
    const args = ['--live', '--data-dir', base, '--webhook-port', '0', '--port', '0']
    const first = await spawnServe(args)
    children.push(first)
    const folder = first.line.dataDir
    expect(folder).toBe(join(base, 'workspaces', 'live'))

    const second = await runToExit(args)
    expect(second.code).not.toBe(0)
    expect(second.stdout).toBe('')
    const lines = second.stderr.split('\n').filter((l) => l.trim() !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(folder)
    expect(lines[0]).toContain(`PID ${first.child.pid}`)

    // The first one still receives and stores.
    expect(await unsignedPost(first.line.webhookUrl, 'held-1')).toBe(202)
    const get = apiClient(first.line.apiUrl, first.line.apiToken)
    expect(await get<ReceiverStatus>('/api/receiver')).toMatchObject({ accepted: 1, unverified: 1 })

    // The holder dies without cleaning up: its lock goes with it.
    first.child.kill('SIGKILL')
    await first.exited
    const third = await spawnServe(args)
    children.push(third)
    const again = apiClient(third.line.apiUrl, third.line.apiToken)
    expect(await again<ReceiverStatus>('/api/receiver')).toMatchObject({ accepted: 1, unverified: 1 })
    expect(await unsignedPost(third.line.webhookUrl, 'held-2')).toBe(202)
    third.child.kill('SIGTERM')
    expect(await third.exited).toBe(0)
  }, 60_000)
})

describe('folder lock in one process', () => {
  let monitors: Monitor[] = []
  afterEach(async () => {
    for (const m of monitors) await m.close()
    monitors = []
  })

  it('throws a typed error naming the folder and the PID, and frees the folder on close', async () => {
    const dir = join(await tempDir(), 'ws')
    dirs.push(dir)
    const first = await createMonitor({ dir })
    monitors.push(first)
    const refused = await createMonitor({ dir }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(FolderInUseError)
    const error = refused as FolderInUseError
    expect(error).toMatchObject({ code: 'FOLDER_IN_USE', dir, pid: process.pid })
    expect(error.message).toContain(dir)
    expect(error.message).toContain(`PID ${process.pid}`)
    expect(error.message).not.toContain('\n')

    await first.close()
    monitors = []
    const next = await createMonitor({ dir })
    monitors.push(next)
    expect(next.receiverStatus().accepted).toBe(0)
  })
})
