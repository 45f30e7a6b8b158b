// Each e2e test gets a fresh `serve` process (real CLI, real listeners, a fresh data
// dir) and a helper that sends signed FastPix deliveries to its webhook URL.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { spawnServe } from '../support/serve.ts'

export const SIGNING_SECRET = Buffer.from('e2e-signing-secret-0123456789abcdef').toString('base64')
const KEY = decodeSigningSecret(SIGNING_SECRET) as Buffer

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

/** POSTs a body (signed when `signature` is given); returns the HTTP status. */
export async function post(url: string, payload: string, signature: string | null): Promise<number> {
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
    const args = ['--data-dir', dataDir, '--webhook-port', '0', '--port', '0', ...serveOptions.args]
    if (serveOptions.demo) args.push('--demo')
    // An unset secret must not be inherited from the environment running the tests.
    const { child, line, exited } = await spawnServe(args, {
      FASTPIX_WEBHOOK_SECRET: serveOptions.secret ?? undefined,
    })
    const webhookUrl = line.webhookUrl
    await use({
      webhookUrl,
      dashboardUrl: line.dashboardUrl,
      apiUrl: line.apiUrl,
      apiToken: line.apiToken,
      send: (d) => {
        const payload = body(d)
        return post(webhookUrl, payload, sign(payload, KEY))
      },
      sendUnsigned: (d) => post(webhookUrl, body(d), null),
    })
    child.kill('SIGTERM')
    await exited
    await rm(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
