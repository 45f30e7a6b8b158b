// T3 for the headless host: both listeners are loopback-only, and they are two
// different listeners — the webhook one (the tunnel's upstream) serves no API.

import { rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { tempDir } from '../support/serve.ts'

let handle: ServeHandle
let dir: string
beforeAll(async () => {
  dir = await tempDir()
  handle = await startServe({ dataDir: dir, demo: false, webhookPort: 0, port: 0, signingSecret: 'c2VjcmV0' })
})
afterAll(async () => {
  await handle.close()
  await rm(dir, { recursive: true, force: true })
})

function connectError(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(2000, () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve(null)
    })
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
  })
}

const portOf = (url: string): number => Number(new URL(url).port)

describe('serve exposure (T3)', () => {
  it('binds both listeners to 127.0.0.1 only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')
    for (const url of [handle.webhookUrl, handle.apiUrl]) {
      expect(new URL(url).hostname).toBe('127.0.0.1')
      expect(await connectError('127.0.0.1', portOf(url))).toBeNull()
      expect(await connectError('::1', portOf(url))).not.toBeNull()
      if (external) expect(await connectError(external.address, portOf(url))).not.toBeNull()
    }
  })

  it('keeps the API off the webhook listener and the webhook route off the dashboard listener', async () => {
    expect(portOf(handle.webhookUrl)).not.toBe(portOf(handle.apiUrl))
    const onWebhook = await fetch(`${new URL(handle.webhookUrl).origin}/api/streams?token=${handle.apiToken}`)
    expect(onWebhook.status).toBe(404)
    const onDashboard = await fetch(`${handle.apiUrl}/webhooks/fastpix?token=${handle.apiToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(onDashboard.status).toBe(404)
  })
})
