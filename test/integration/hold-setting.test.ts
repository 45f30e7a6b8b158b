// W10, "both configurable": the caps of the hold of unsigned deliveries are a user
// setting beside retention. Changed through updateSettings they apply to the next
// delivery without a restart (lowered: 503 + Retry-After; raised: held again), bad
// values are refused in words and change nothing, and the setting is kept in the
// workspace folder's settings.json across a restart. The real `serve` host.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { workspaceDir } from '../../src/main/core/config/paths.ts'
import { type ServeHandle, startServe } from '../../src/main/serve/host.ts'
import { activeDelivery } from '../support/events.ts'
import { tempDir } from '../support/serve.ts'

let handle: ServeHandle | null = null
let dir = ''
afterEach(async () => {
  await handle?.close()
  handle = null
  await rm(dir, { recursive: true, force: true })
})

const start = () =>
  startServe({ dataDir: dir, demo: false, live: true, webhookPort: 0, port: 0, signingSecret: null })

const body = activeDelivery

async function post(url: string, payload: string): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  })
  await res.arrayBuffer()
  return { status: res.status, retryAfter: res.headers.get('retry-after') }
}

async function put(h: ServeHandle, path: string, value: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${h.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })
  return { status: res.status, json: await res.json() }
}

describe('hold limits as a setting (W10)', () => {
  it('lowering the count cap at runtime refuses the next unsigned delivery; raising it lets it in; kept across a restart', async () => {
    dir = await tempDir()
    handle = await start()
    const api = handle.controller.api
    expect((await api.getSnapshot()).settings.hold).toEqual({ maxMiB: 50, maxDeliveries: 10_000 })
    for (const id of ['a', 'b', 'c']) expect((await post(handle.webhookUrl, body(id))).status).toBe(202)

    const lowered = await api.updateSettings({ hold: { maxDeliveries: 3 } })
    expect(lowered.hold).toEqual({ maxMiB: 50, maxDeliveries: 3 })
    expect(lowered.retention).toEqual({ maxAgeDays: 30, maxEvents: 1_000_000 })
    // The hold is at its new cap: shown as full at once, not only after a refusal.
    expect(handle.monitor.receiverStatus()).toMatchObject({ unverified: 3, holdFull: true, holdRefused: 0 })
    const refused = await post(handle.webhookUrl, body('d'))
    expect(refused.status).toBe(503)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    expect(handle.monitor.receiverStatus()).toMatchObject({ unverified: 3, holdRefused: 1, holdFull: true })

    await api.updateSettings({ hold: { maxDeliveries: 4 } })
    expect(handle.monitor.receiverStatus()).toMatchObject({ unverified: 3, holdFull: false })
    expect((await post(handle.webhookUrl, body('d'))).status).toBe(202)
    expect((await post(handle.webhookUrl, body('e'))).status).toBe(503)

    // A bad value is refused in words (over the dashboard API too) and changes nothing.
    // (Input is validated once, at the transport: over IPC the same words, see operation-table.test.ts.)
    expect(await put(handle, '/api/settings', { hold: { maxDeliveries: 0 } })).toEqual({
      status: 400,
      json: {
        error: {
          code: 'bad_request',
          message: 'hold.maxDeliveries: must be a whole number of deliveries from 1 to 1,000,000',
        },
      },
    })
    expect(await put(handle, '/api/settings', { hold: { maxMiB: 2.5 } })).toEqual({
      status: 400,
      json: {
        error: { code: 'bad_request', message: 'hold.maxMiB: must be a whole number of MiB from 1 to 4,096' },
      },
    })
    expect((await api.getSnapshot()).settings.hold).toEqual({ maxMiB: 50, maxDeliveries: 4 })
    expect((await post(handle.webhookUrl, body('e'))).status).toBe(503)

    const file = join(workspaceDir(dir, 'live'), 'settings.json')
    expect(JSON.parse(await readFile(file, 'utf8')).hold).toEqual({ maxMiB: 50, maxDeliveries: 4 })
    await handle.close()
    handle = await start()
    expect((await handle.controller.api.getSnapshot()).settings.hold).toEqual({
      maxMiB: 50,
      maxDeliveries: 4,
    })
    expect(handle.monitor.receiverStatus()).toMatchObject({ unverified: 4 })
    const after = await post(handle.webhookUrl, body('f'))
    expect(after.status).toBe(503)
    expect(Number(after.retryAfter)).toBeGreaterThan(0)
  })

  it('the size cap is in MiB: lowered to 1 MiB it refuses what does not fit, raised it holds again', async () => {
    dir = await tempDir()
    handle = await start()
    const api = handle.controller.api
    // Each delivery costs its raw body and its stored JSON: a little over 2 × 300 KB.
    const padding = 300_000
    expect((await post(handle.webhookUrl, body('big-1', padding))).status).toBe(202)
    await api.updateSettings({ hold: { maxMiB: 1 } })
    const refused = await post(handle.webhookUrl, body('big-2', padding))
    expect(refused.status).toBe(503)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    await api.updateSettings({ hold: { maxMiB: 2 } })
    expect((await post(handle.webhookUrl, body('big-2', padding))).status).toBe(202)
    expect((await post(handle.webhookUrl, body('big-3', padding))).status).toBe(202)
    expect((await post(handle.webhookUrl, body('big-4', padding))).status).toBe(503)
    expect(handle.monitor.receiverStatus()).toMatchObject({ unverified: 3, holdRefused: 2 })
  })
})
