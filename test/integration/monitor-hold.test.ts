// W8: before a signing secret exists, deliveries are held (2xx, stored unverified,
// not applied); once it is set they are verified and applied, or rejected.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { tempDir } from '../support/serve.ts'

const SECRET = 'ZXhhbXBsZS1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm'
const KEY = decodeSigningSecret(SECRET)!
const STREAM = '91b8484250e5a1ed03fd4e100b807082'
const STREAM_KEY = 'sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0'

function body(id: string, type: string, at: string): string {
  return JSON.stringify({
    type,
    object: { type: 'live', id: STREAM },
    id,
    workspace: { id: 'ws', name: 'Dev' },
    data: {
      streamId: STREAM,
      status: type.endsWith('active') ? 'active' : 'preparing',
      streamKey: STREAM_KEY,
    },
    createdAt: at,
  })
}

let handle: ServeHandle | null = null
let dir = ''
afterEach(async () => {
  await handle?.close()
  handle = null
  await rm(dir, { recursive: true, force: true })
})

async function post(url: string, payload: string, signature?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signature) headers['fastpix-signature'] = signature
  const res = await fetch(url, { method: 'POST', headers, body: payload })
  await res.arrayBuffer()
  return res.status
}

describe('unverified hold and release (W8)', () => {
  it('holds deliveries until the secret is set, then applies the good ones and rejects the rest', async () => {
    dir = await tempDir()
    handle = await startServe({
      dataDir: dir,
      demo: false,
      live: true,
      webhookPort: 0,
      port: 0,
      signingSecret: null,
    })
    const { webhookUrl, monitor } = handle
    const now = Date.now()
    const preparing = body('e-1', 'video.live_stream.preparing', new Date(now - 2000).toISOString())
    const active = body('e-2', 'video.live_stream.active', new Date(now - 1000).toISOString())
    const forged = body('e-3', 'video.live_stream.idle', new Date(now).toISOString())
    const unsigned = body('e-4', 'video.live_stream.idle', new Date(now).toISOString())

    expect(await post(webhookUrl, active, sign(active, KEY))).toBe(202)
    expect(await post(webhookUrl, preparing, sign(preparing, KEY))).toBe(202)
    expect(await post(webhookUrl, forged, sign(forged, Buffer.from('not the key')))).toBe(202)
    expect(await post(webhookUrl, unsigned)).toBe(202)
    expect(await post(webhookUrl, active, sign(active, KEY))).toBe(202) // duplicate while held

    expect(monitor.receiverStatus()).toMatchObject({
      accepted: 4,
      unverified: 4,
      duplicates: 1,
      signingSecretSet: false,
    })
    expect(monitor.snapshots()).toEqual([]) // nothing applied while unverified
    const held = await monitor.api.listEvents({ verification: 'unverified' })
    expect(held.events.map((e) => e.id).sort()).toEqual(['e-1', 'e-2', 'e-3', 'e-4'])

    // The raw bytes are kept for verification, but never in plain text.
    await monitor.flush()
    const files = ['monitor.sqlite', 'monitor.sqlite-wal']
    for (const f of files) {
      const bytes = await readFile(join(handle.dataDir, f)).catch(() => Buffer.alloc(0))
      expect(bytes.includes(STREAM_KEY)).toBe(false)
    }

    const result = await monitor.setSigningSecret(SECRET)
    expect(result).toEqual({ released: 2, rejected: 2 })
    expect(monitor.receiverStatus()).toMatchObject({ unverified: 0, rejected: 2, signingSecretSet: true })
    const [stream] = monitor.snapshots()
    expect(stream).toMatchObject({ id: STREAM, status: 'active', connection: 'connected', health: 'healthy' })
    const verified = await monitor.api.listEvents({ verification: 'verified' })
    expect(verified.events.map((e) => e.id).sort()).toEqual(['e-1', 'e-2'])
    const rejected = await monitor.api.listRejected({})
    expect(rejected.rejected.map((r) => r.reason).sort()).toEqual([
      'held delivery: no signature',
      'held delivery: signature does not match the signing secret',
    ])
    for (const r of rejected.rejected) expect(r.preview).not.toContain(STREAM_KEY)

    // From now on deliveries are verified on arrival.
    const idle = body('e-5', 'video.live_stream.idle', new Date(now + 1000).toISOString())
    expect(await post(webhookUrl, idle, `${'A'.repeat(43)}=`)).toBe(401)
    expect(await post(webhookUrl, idle, sign(idle, KEY))).toBe(202)
    expect(monitor.snapshots()[0]).toMatchObject({ status: 'idle', health: 'offline' })
  })

  it('keeps held deliveries across a restart and releases them later', async () => {
    dir = await tempDir()
    handle = await startServe({
      dataDir: dir,
      demo: false,
      live: true,
      webhookPort: 0,
      port: 0,
      signingSecret: null,
    })
    const active = body('e-9', 'video.live_stream.active', new Date().toISOString())
    expect(await post(handle.webhookUrl, active, sign(active, KEY))).toBe(202)
    await handle.close()
    handle = await startServe({
      dataDir: dir,
      demo: false,
      live: true,
      webhookPort: 0,
      port: 0,
      signingSecret: null,
    })
    expect(handle.monitor.receiverStatus().unverified).toBe(1)
    expect(await handle.monitor.setSigningSecret(SECRET)).toEqual({ released: 1, rejected: 0 })
    expect(handle.monitor.snapshots()[0]).toMatchObject({ status: 'active' })
  })
})
