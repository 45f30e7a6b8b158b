// The demo shows the reconciler at work: FastPix "never delivers" one stream's idle, so
// that stream turns unknown after its reconnect window; the reconciler reads the demo's
// REST API and corrects it to idle, marked "reconciled (missed events)" on its timeline.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { RECONCILED_REASON } from '../../src/main/core/health/engine.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { tempDir, waitFor } from '../support/serve.ts'

let handle: ServeHandle | null = null
let dir = ''
afterEach(async () => {
  await handle?.close()
  handle = null
  await rm(dir, { recursive: true, force: true })
})

describe('demo workspace: a missed webhook, caught by the reconciler', () => {
  it('the stream whose idle never arrives goes unknown, then idle "reconciled (missed events)"', async () => {
    dir = await tempDir()
    handle = await startServe({
      dataDir: dir,
      demo: true,
      webhookPort: 0,
      port: 0,
      signingSecret: null,
      demoSeed: 11,
      demoSpeed: 40,
    })
    const demo = handle.controller.session().demo!
    const stream = demo.simulator.plan.streams.find((s) => s.scenario === 'drop-ends')!
    const api = handle.controller.api
    const healthOf = async () => (await api.getStream(stream.id))?.health

    await waitFor(async () => (await healthOf()) === 'down', 20_000, 'the encoder drop')
    await waitFor(async () => (await healthOf()) === 'unknown', 20_000, 'unknown: the idle never came')
    await waitFor(async () => (await api.getStream(stream.id))?.status === 'idle', 20_000, 'the correction')
    expect(await api.getStream(stream.id)).toMatchObject({ status: 'idle', health: 'offline' })
    await handle.monitor.flush()
    const transitions = await api.listTransitions({ streamId: stream.id })
    const fix = transitions.find((t) => t.cause === 'reconcile' && t.targetId === null)
    expect(fix).toMatchObject({ fromHealth: 'unknown', toHealth: 'offline', toStatus: 'idle' })
    expect(fix!.reason.startsWith(RECONCILED_REASON)).toBe(true)
    expect((await api.getWorkspaceStatus()).reconcile.corrections).toBeGreaterThan(0)
  }, 60_000)
})
