// What the ingest benches share: the load client as its own process, and a real
// monitor behind a real webhook listener in this one.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { buildWebhookApp, startWebhookListener } from '../../src/main/core/receiver/webhook-app.ts'
import type { LoadResult, LoadSpec } from '../load-client.ts'

export const SECRET = Buffer.from('bench-signing-secret-0123456789abcdef').toString('base64')
export const KEY_HEX = Buffer.from(SECRET, 'base64').toString('hex')

/** Runs bench/load-client.ts in its own process so it never shares this event loop. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', 'load-client.ts'), JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited ${code}`))
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult)
    })
  })
}

/** A monitor with the bench's signing secret in a fresh folder, listening on loopback. */
export async function withMonitor<T>(fn: (url: string, monitor: Monitor) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'fpm-bench-'))
  const monitor = await createMonitor({ dir, signingSecret: SECRET })
  const listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake }), { port: 0 })
  try {
    return await fn(`${listener.url}/webhooks/fastpix`, monitor)
  } finally {
    await listener.close()
    await monitor.close()
    await rm(dir, { recursive: true, force: true })
  }
}
