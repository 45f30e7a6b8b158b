// W9 through the whole core: random payloads with secrets at random depths go in
// over HTTP; no stored byte, log line, API answer or WebSocket message holds one.
import { randomUUID } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createLogger } from '../../src/main/core/logger.ts'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { tempDir } from '../support/serve.ts'

const SECRET = Buffer.from('redaction-e2e-signing-secret-0123').toString('base64')
const KEY = decodeSigningSecret(SECRET)!
const SECRET_KEYS = [
  'streamKey',
  'srtSecret',
  'srtSecert',
  'srtPlaybackSecret',
  'StreamKey',
  'secretKey',
  'password',
]

let handle: ServeHandle
let dir: string
const logLines: string[] = []
const wsMessages: string[] = []
let ws: WebSocket

beforeAll(async () => {
  dir = await tempDir()
  handle = await startServe({
    dataDir: dir,
    demo: false,
    webhookPort: 0,
    port: 0,
    signingSecret: SECRET,
    logger: createLogger((line) => logLines.push(line), 'debug'),
  })
  ws = new WebSocket(`${handle.apiUrl.replace('http', 'ws')}/api/updates?token=${handle.apiToken}`)
  ws.on('message', (d: Buffer) => wsMessages.push(d.toString()))
  await new Promise((r) => ws.once('open', r))
})
afterAll(async () => {
  ws.close()
  await handle.close()
  await rm(dir, { recursive: true, force: true })
})

const secretValue = fc.stringMatching(/^[A-Za-z0-9]{20,40}$/).map((s) => `SECRET${s}`)

/** A JSON value with the secret planted under a secret key at a random depth. */
function withSecret(secret: string) {
  return fc
    .record({
      path: fc.array(fc.constantFrom('data', 'metadata', 'inner', 'srtPlaybackResponse', 'list'), {
        maxLength: 4,
      }),
      key: fc.constantFrom(...SECRET_KEYS),
      asUrl: fc.boolean(),
    })
    .map(({ path, key, asUrl }) => {
      let leaf: Record<string, unknown> = asUrl
        ? { rtmpUrl: `rtmp://live.example.com/app/${secret}` }
        : { [key]: secret }
      for (const segment of [...path].reverse())
        leaf = segment === 'list' ? { list: [leaf] } : { [segment]: leaf }
      return leaf
    })
}

describe('redaction end to end (W9)', () => {
  it('keeps secrets out of storage, logs, the API and the WebSocket', async () => {
    const secrets: string[] = []
    await fc.assert(
      fc.asyncProperty(
        secretValue.chain((s) => fc.tuple(fc.constant(s), withSecret(s), fc.boolean())),
        async ([secret, planted, signed]) => {
          secrets.push(secret)
          const streamId = randomUUID().replaceAll('-', '')
          const body = JSON.stringify({
            type: 'video.live_stream.active',
            object: { type: 'live', id: streamId },
            id: randomUUID(),
            workspace: { id: 'ws', name: 'w9' },
            createdAt: new Date().toISOString(),
            ...planted,
            data: { status: 'active', streamId, ...(planted.data as object) },
          })
          const headers: Record<string, string> = { 'content-type': 'application/json' }
          // Unsigned/badly signed deliveries land in the rejected log with a preview: also checked.
          headers['fastpix-signature'] = signed ? sign(body, KEY) : sign(body, Buffer.from('wrong'))
          const res = await fetch(handle.webhookUrl, { method: 'POST', headers, body })
          await res.arrayBuffer()
          expect([202, 401]).toContain(res.status)
        },
      ),
      { seed: 9009, numRuns: 60 },
    )

    await handle.monitor.flush()
    await new Promise((r) => setTimeout(r, 150))
    const auth = { authorization: `Bearer ${handle.apiToken}` }
    const api = async (path: string): Promise<string> =>
      (await fetch(`${handle.apiUrl}${path}`, { headers: auth })).text()
    const answers = [
      await api('/api/events?limit=1000'),
      await api('/api/rejected?limit=1000'),
      await api('/api/streams'),
      await api('/api/snapshot'),
      await api('/api/transitions?limit=5000'),
    ]
    const stored = Buffer.concat(
      await Promise.all(
        ['monitor.sqlite', 'monitor.sqlite-wal'].map((f) =>
          readFile(join(handle.dataDir, f)).catch(() => Buffer.alloc(0)),
        ),
      ),
    )
    expect(JSON.parse(answers[0] as string).events.length).toBeGreaterThan(0)
    expect(JSON.parse(answers[1] as string).rejected.length).toBeGreaterThan(0)
    expect(wsMessages.length).toBeGreaterThan(0)
    for (const secret of secrets) {
      expect(stored.includes(secret), 'in the database file').toBe(false)
      for (const text of [...answers, ...wsMessages, ...logLines]) expect(text).not.toContain(secret)
    }
  }, 60_000)
})
