// Each e2e test gets a fresh `serve` process (real CLI, real listeners, a fresh data
// dir) and a helper that sends signed FastPix deliveries to its webhook URL.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { test as base } from '@playwright/test'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'

export const SIGNING_SECRET = Buffer.from('e2e-signing-secret-0123456789abcdef').toString('base64')
const KEY = decodeSigningSecret(SIGNING_SECRET) as Buffer
const ROOT = join(import.meta.dirname, '../..')

export interface Served {
  webhookUrl: string
  dashboardUrl: string
  apiUrl: string
  apiToken: string
  /** POSTs one signed delivery; returns the HTTP status. */
  send(delivery: Delivery): Promise<number>
  /** POSTs an unsigned delivery (for the unverified hold). */
  sendUnsigned(delivery: Delivery): Promise<number>
}

export interface Delivery {
  type: string
  streamId: string
  at?: number
  data?: Record<string, unknown>
  id?: string
}

export function body(d: Delivery): string {
  return JSON.stringify({
    type: d.type,
    object: { type: 'live', id: d.streamId },
    id: d.id ?? randomUUID(),
    workspace: { id: 'e2e-workspace', name: 'E2E' },
    data: { streamId: d.streamId, ...d.data },
    createdAt: new Date(d.at ?? Date.now()).toISOString(),
    attempts: [],
  })
}

interface ServeOptions {
  secret: string | null
  demo: boolean
  args: string[]
}

async function startServe(
  dataDir: string,
  options: ServeOptions,
): Promise<{ child: ChildProcess; line: Record<string, string> }> {
  const args = [
    'src/main/serve/cli.ts',
    '--data-dir',
    dataDir,
    '--webhook-port',
    '0',
    '--port',
    '0',
    ...options.args,
  ]
  if (options.demo) args.push('--demo')
  const env = { ...process.env }
  if (options.secret) env.FASTPIX_WEBHOOK_SECRET = options.secret
  else delete env.FASTPIX_WEBHOOK_SECRET
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const line = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 20_000)
    createInterface({ input: child.stdout! }).once('line', (text) => {
      clearTimeout(timer)
      resolve(JSON.parse(text) as Record<string, string>)
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)))
  })
  return { child, line }
}

async function post(url: string, payload: string, signature: string | null): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signature) headers['fastpix-signature'] = signature
  const res = await fetch(url, { method: 'POST', headers, body: payload })
  await res.arrayBuffer()
  return res.status
}

export const test = base.extend<{ serveOptions: ServeOptions; served: Served }>({
  serveOptions: [{ secret: SIGNING_SECRET, demo: false, args: [] }, { option: true }],
  served: async ({ serveOptions }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fpm-e2e-'))
    const { child, line } = await startServe(dataDir, serveOptions)
    const webhookUrl = line.webhookUrl as string
    await use({
      webhookUrl,
      dashboardUrl: line.dashboardUrl as string,
      apiUrl: line.apiUrl as string,
      apiToken: line.apiToken as string,
      send: (d) => {
        const payload = body(d)
        return post(webhookUrl, payload, sign(payload, KEY))
      },
      sendUnsigned: (d) => post(webhookUrl, body(d), null),
    })
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await rm(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
