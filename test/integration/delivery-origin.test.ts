// W11: the "FastPix is configured with the old URL" warning is learned only from a
// delivery whose signature was verified and that was new. Against the real webhook
// listener of a live workspace (fake ngrok online at TUNNEL_URL): probes, held,
// rejected, malformed and replayed deliveries with any Host / X-Forwarded-* / Forwarded
// headers change nothing; a new verified delivery does.
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/main/core/logger.ts'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import type { TunnelConnector } from '../../src/main/core/tunnel/types.ts'
import { memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
} from '../../src/main/core/workspace/controller.ts'
import { type RawResponse, rawRequest } from '../support/http.ts'
import { tempDir, waitFor } from '../support/serve.ts'

const TUNNEL_URL = 'https://fpm-origin-test.ngrok.app'
const PHISH = 'phish.attacker.example'
const SIGNING_SECRET = Buffer.from('origin-test-signing-secret-0123456').toString('base64')
const KEY = decodeSigningSecret(SIGNING_SECRET) as Buffer
const STREAM = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => {})
})

/** Every way a sender can claim another public address. */
const FORGED: Record<string, string>[] = [
  { host: PHISH, 'x-forwarded-proto': 'https' },
  { host: PHISH },
  { 'x-forwarded-host': PHISH, 'x-forwarded-proto': 'https' },
  { host: `${PHISH}:443`, 'x-forwarded-host': PHISH, 'x-forwarded-proto': 'http, https' },
  { forwarded: `host=${PHISH};proto=https`, 'x-forwarded-proto': 'https' },
]

let n = 0
function delivery(type = 'video.live_stream.active'): string {
  n += 1
  return JSON.stringify({
    type,
    object: { type: 'live', id: STREAM },
    id: `evt-origin-${n}-${Date.now()}`,
    workspace: { id: 'ws', name: 'Origin' },
    data: { streamId: STREAM, status: type.endsWith('active') ? 'active' : 'idle' },
    createdAt: new Date(Date.now() - 1000 + n).toISOString(),
  })
}

async function liveController(
  signingSecret: string | null,
  before?: (dataDir: string) => Promise<void>,
): Promise<{ controller: WorkspaceController; dataDir: string }> {
  const dataDir = await tempDir('fpm-origin-')
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  await before?.(dataDir)
  const connector: TunnelConnector = {
    connect: async () => ({ url: TUNNEL_URL, close: async () => {} }),
  }
  const controller = await startWorkspaceController({
    store: memoryConfigFile({
      mode: 'live',
      signingSecret,
      publicUrl: { mode: 'ngrok', authtoken: '2bcdEFGhijKLMnop_4qrsTUVwxyZ1234567890', domain: null },
    }),
    dataDir,
    webhookPort: 0,
    connector,
    tunnelTimeoutMs: 2000,
    logger: silentLogger,
    updateIntervalMs: 5,
    monitorOptions: async () => ({}),
  })
  cleanups.push(() => controller.stop())
  await waitFor(async () => (await controller.api.getWorkspaceStatus()).tunnel?.state === 'online')
  return { controller, dataDir }
}

function post(
  controller: WorkspaceController,
  body: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  return rawRequest(controller.session().localWebhookUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', connection: 'close', ...headers },
  })
}

const signed = (body: string): Record<string, string> => ({ 'fastpix-signature': sign(body, KEY) })

async function expectNoOrigin(controller: WorkspaceController, dataDir: string): Promise<void> {
  await controller.session().monitor.flush()
  expect(controller.session().monitor.workspaceFacts().lastDeliveryOrigin).toBeNull()
  expect((await controller.api.getWorkspaceStatus()).urlWarning).toBeNull()
  expect(existsSync(join(dataDir, 'workspaces', 'live', 'delivery-origin.json'))).toBe(false)
}

describe('delivery origin (W11)', () => {
  it('probes and rejected, malformed or replayed deliveries teach nothing, whatever they claim', async () => {
    const { controller } = await liveController(SIGNING_SECRET)
    const first = delivery()
    // The one delivery that may teach, sent through the current URL: no warning, origin known.
    const ok = await post(controller, first, {
      ...signed(first),
      host: new URL(TUNNEL_URL).host,
      'x-forwarded-proto': 'https',
    })
    expect(ok.status).toBe(202)
    expect(controller.session().monitor.workspaceFacts().lastDeliveryOrigin).toBe(TUNNEL_URL)

    for (const headers of FORGED) {
      const answers = [
        // FastPix's unsigned endpoint probe, both shapes.
        await post(controller, '{}', headers),
        await post(controller, '', headers),
        // Unsigned, wrongly signed, signed for another body, signed but not JSON, wrong type.
        await post(controller, delivery(), headers),
        await post(controller, delivery(), { ...headers, 'fastpix-signature': 'AAAA' }),
        await post(controller, delivery(), { ...headers, ...signed(delivery()) }),
        await post(controller, '{"type":', { ...headers, ...signed('{"type":') }),
        await post(controller, first, { ...headers, ...signed(first), 'content-type': 'text/plain' }),
        // A replay of the verified delivery (a copy of FastPix's bytes sent to another address).
        await post(controller, first, { ...headers, ...signed(first) }),
      ]
      expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 401, 401, 400, 415, 202])
      expect(JSON.parse(answers[7]?.body ?? '{}')).toMatchObject({ duplicate: true })
    }
    await controller.session().monitor.flush()
    expect(controller.session().monitor.workspaceFacts().lastDeliveryOrigin).toBe(TUNNEL_URL)
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBeNull()
  })

  it('a held delivery teaches nothing, neither when held nor when verified on release', async () => {
    const { controller, dataDir } = await liveController(null)
    for (const headers of FORGED) {
      const body = delivery()
      const answer = await post(controller, body, { ...headers, ...signed(body) })
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, held: true })
    }
    await expectNoOrigin(controller, dataDir)
    expect(await controller.api.setSigningSecret(SIGNING_SECRET)).toEqual({
      released: FORGED.length,
      rejected: 0,
    })
    await expectNoOrigin(controller, dataDir)

    // The next verified delivery does: here it came to an old address, so the warning names it.
    const body = delivery('video.live_stream.idle')
    const answer = await post(controller, body, {
      ...signed(body),
      host: 'fpm-old-tunnel.ngrok.app',
      'x-forwarded-proto': 'https',
    })
    expect(answer.status).toBe(202)
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBe(
      `FastPix is configured with the old URL (https://fpm-old-tunnel.ngrok.app) — update it to ${TUNNEL_URL}/webhooks/fastpix`,
    )
  })

  it('with no verified delivery yet, a probe claiming another host plants no warning', async () => {
    const { controller, dataDir } = await liveController(SIGNING_SECRET)
    for (const headers of FORGED) expect((await post(controller, '{}', headers)).status).toBe(200)
    await expectNoOrigin(controller, dataDir)
  })

  it('an origin saved by an older version (a probe may have planted it) is not trusted', async () => {
    const { controller } = await liveController(SIGNING_SECRET, async (dataDir) => {
      const dir = join(dataDir, 'workspaces', 'live')
      await mkdir(dir, { recursive: true, mode: 0o700 })
      await writeFile(
        join(dir, 'delivery-origin.json'),
        JSON.stringify({ origin: `https://${PHISH}`, at: 1 }),
      )
    })
    expect(controller.session().monitor.workspaceFacts().lastDeliveryOrigin).toBeNull()
    expect((await controller.api.getWorkspaceStatus()).urlWarning).toBeNull()
  })
})
