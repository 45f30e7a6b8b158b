// Browser-mode bench support (P3, P4): a real `serve` process on free ports with a
// fresh data dir and a signing secret, Debian's Chromium with the e2e launch args, and
// an open-loop sender of signed deliveries that stamps each send with Date.now().
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type Browser, chromium } from '@playwright/test'
import { Agent, request } from 'undici'
import config from '../playwright.config.ts'
import { decodeSigningSecret, sign } from '../src/main/core/receiver/signature.ts'

export const BENCH_SECRET = Buffer.from('bench-browser-secret-0123456789abcdef').toString('base64')
const KEY = decodeSigningSecret(BENCH_SECRET) as Buffer
const ROOT = join(import.meta.dirname, '..')

export interface Served {
  webhookUrl: string
  dashboardUrl: string
  /** The WebSocket of update batches, with its token (what the page opens). */
  updatesUrl: string
  stop(): Promise<void>
}

/** `serve` on a fresh data folder, or on `dataDir` (then kept on stop: the caller owns it). */
export async function startServe(dataDir?: string): Promise<Served> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')))
    throw new Error('the dashboard is not built: run `npm run build` before the browser benchmarks (P3, P4)')
  const owned = dataDir === undefined
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'fpm-bench-ui-')))
  const args = ['src/main/serve/cli.ts', '--data-dir', dir, '--webhook-port', '0', '--port', '0']
  const child: ChildProcess = spawn(process.execPath, [...args, '--log-level', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, FASTPIX_WEBHOOK_SECRET: BENCH_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const line = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000)
    createInterface({ input: child.stdout! }).once('line', (text) => {
      clearTimeout(timer)
      resolve(JSON.parse(text) as Record<string, string>)
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)))
  })
  return {
    webhookUrl: line.webhookUrl as string,
    dashboardUrl: line.dashboardUrl as string,
    updatesUrl: `${(line.apiUrl as string).replace(/^http/, 'ws').replace(/\/$/, '')}/api/updates?token=${encodeURIComponent(line.apiToken as string)}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      if (owned) await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Chromium as the e2e tests launch it (playwright.config.ts). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const launch = config.use?.launchOptions
  return chromium.launch({
    executablePath: launch?.executablePath ?? '/usr/bin/chromium',
    args: [...(launch?.args ?? []), ...extraArgs],
  })
}

export interface Outgoing {
  id: string
  body: string
}

export interface SendResult {
  sent: number
  failed: number
  /** Date.now() just before each POST, by event id. */
  sentAt: Map<string, number>
  /** Date.now() when each 202 came back, by event id. */
  ackedAt: Map<string, number>
}

/**
 * Open loop at a fixed rate: each delivery leaves at its scheduled time whether or not
 * earlier ones were answered (a slow receiver cannot slow the sender down).
 */
export async function sendAtRate(
  url: string,
  rate: number,
  count: number,
  make: (i: number) => Outgoing,
): Promise<SendResult> {
  const dispatcher = new Agent({ connections: 32, pipelining: 1, keepAliveTimeout: 30_000 })
  const sentAt = new Map<string, number>()
  const ackedAt = new Map<string, number>()
  let failed = 0
  const inflight: Promise<void>[] = []
  const start = performance.now() + 20
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    const { id, body } = make(i)
    const headers = { 'content-type': 'application/json', 'fastpix-signature': sign(body, KEY) }
    sentAt.set(id, Date.now())
    inflight.push(
      request(url, { method: 'POST', body, headers, dispatcher })
        .then(async (res) => {
          ackedAt.set(id, Date.now())
          await res.body.dump()
          if (res.statusCode !== 202) failed++
        })
        .catch(() => {
          failed++
        }),
    )
  }
  await Promise.all(inflight)
  await dispatcher.close()
  return { sent: count, failed, sentAt, ackedAt }
}

/** As fast as `concurrency` connections allow (pre-filling a store). */
export async function sendAll(
  url: string,
  count: number,
  concurrency: number,
  make: (i: number) => Outgoing,
  onProgress?: (done: number) => void,
): Promise<{ failed: number }> {
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 })
  let next = 0
  let done = 0
  let failed = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { body } = make(next++)
      const headers = { 'content-type': 'application/json', 'fastpix-signature': sign(body, KEY) }
      try {
        const res = await request(url, { method: 'POST', body, headers, dispatcher })
        await res.body.dump()
        if (res.statusCode !== 202) failed++
      } catch {
        failed++
      }
      if (++done % 10_000 === 0) onProgress?.(done)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  await dispatcher.close()
  return { failed }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[at] as number
}
