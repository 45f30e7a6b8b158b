// The live workspace's tunnel as the session runs it: online gives the public webhook
// URL; a drop that cannot reconnect is a "tunnel lost" notification (a blip is not);
// coming back is "tunnel restored" and triggers a reconcile round.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import type { TunnelConnector, TunnelConnectRequest } from '../../src/main/core/tunnel/types.ts'
import { TunnelError } from '../../src/main/core/tunnel/types.ts'
import { memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
} from '../../src/main/core/workspace/controller.ts'
import { tempDir, waitFor } from '../support/serve.ts'

let dir = ''
let controller: WorkspaceController | null = null
let rest: DemoRestServer | null = null
afterEach(async () => {
  await controller?.stop()
  controller = null
  await rest?.close()
  rest = null
  await rm(dir, { recursive: true, force: true })
})

const START = Date.parse('2026-06-01T10:00:00.000Z')

const unreachable = async (): Promise<never> => {
  throw new TunnelError('unreachable', 'could not reach ngrok (no internet?)')
}

/** A connector the test drives: each connect takes the next scripted answer. */
function scripted() {
  const answers: (() => Promise<{ url: string; close(): Promise<void> }>)[] = []
  const requests: TunnelConnectRequest[] = []
  const connector: TunnelConnector = {
    connect(request) {
      requests.push(request)
      // Nothing scripted: still no internet.
      const next = answers.shift() ?? unreachable
      return next()
    },
  }
  const online = (url: string) => answers.push(async () => ({ url, close: async () => {} }))
  const offline = () => answers.push(unreachable)
  return { connector, requests, online, offline }
}

describe('workspace tunnel', () => {
  it('online → lost (notified once) → restored (notified, and FastPix read again), forwarding only the webhook listener', async () => {
    dir = await tempDir()
    const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 3 })
    const state = applyPlanUntil(new DemoWorkspace(plan, () => START + 50_000), plan, 50_000)
    rest = await startDemoRest({ state, accessTokenId: 'tok-id', secretKey: 'key' })
    const script = scripted()
    script.online('https://first.ngrok.app')
    controller = await startWorkspaceController({
      dataDir: dir,
      store: memoryConfigFile({
        mode: 'live',
        accessTokenId: 'tok-id',
        secretKey: 'key',
        signingSecret: 'c2VjcmV0',
        publicUrl: { mode: 'ngrok', authtoken: 'tok', domain: null },
      }),
      webhookPort: 0,
      fastpixBaseUrl: rest.url,
      fastpixClient: { timeoutMs: 2000, retry: { attempts: 1 } },
      reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
      connector: script.connector,
      logger: silentLogger,
      updateIntervalMs: 5,
      monitorOptions: async () => ({
        notifications: { tuning: { startupGraceMs: 0 } },
      }),
    })
    const api = controller.api
    await waitFor(async () => (await api.getWorkspaceStatus()).tunnel?.state === 'online')
    const status = await api.getWorkspaceStatus()
    expect(status.publicUrl).toMatchObject({
      mode: 'ngrok',
      webhookUrl: 'https://first.ngrok.app/webhooks/fastpix',
    })
    expect((await api.getReceiver()).webhookUrl).toBe('https://first.ngrok.app/webhooks/fastpix')
    const local = new URL(controller.session().localWebhookUrl)
    expect(script.requests[0]!.upstream).toEqual({ host: '127.0.0.1', port: Number(local.port) })

    // The connection drops (the connector calls back) and the reconnect fails: one "tunnel lost".
    script.offline()
    script.requests[0]!.onLost('network gone')
    await waitFor(async () => (await api.getWorkspaceStatus()).tunnel?.state === 'offline')
    await waitFor(async () => (await api.listNotifications({})).some((d) => d.rule === 'tunnel'))
    const lost = (await api.listNotifications({})).filter((d) => d.rule === 'tunnel')
    expect(lost).toHaveLength(1)
    expect(lost[0]).toMatchObject({ title: 'Tunnel lost', outcome: 'raised', urgency: 'critical' })
    expect(lost[0]!.body).toContain('could not reach ngrok')

    // Back: "tunnel restored", with the (new) URL; deliveries may have been missed, so FastPix is read again.
    const roundBefore = await waitFor(
      async () => (await api.getWorkspaceStatus()).reconcile.lastAt ?? undefined,
    )
    await new Promise((resolve) => setTimeout(resolve, 5))
    script.online('https://second.ngrok.app')
    await api.reconnectTunnel()
    await waitFor(async () => (await api.getWorkspaceStatus()).tunnel?.state === 'online')
    await waitFor(async () => (await api.listNotifications({})).some((d) => d.title === 'Tunnel restored'))
    const restored = (await api.listNotifications({})).find((d) => d.title === 'Tunnel restored')!
    expect(restored.body).toContain('https://second.ngrok.app')
    expect((await api.getWorkspaceStatus()).publicUrl.webhookUrl).toBe(
      'https://second.ngrok.app/webhooks/fastpix',
    )
    await waitFor(async () => ((await api.getWorkspaceStatus()).reconcile.lastAt ?? 0) > (roundBefore ?? 0))
  })
})
