// W10: with no signing secret, deliveries are held only up to a cap (bytes and count per
// workspace). Past it the receiver answers 503 + Retry-After, the refusal is counted and
// shown, and the data folder stops growing; setting the secret releases the hold and
// deliveries are accepted again. Real listener, real sqlite.
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/main/core/config/settings-file.ts'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import {
  buildWebhookApp,
  startWebhookListener,
  WEBHOOK_PATH,
  type WebhookListener,
} from '../../src/main/core/receiver/webhook-app.ts'
import type { HoldSettings, MonitorSettings } from '../../src/shared/api.ts'
import { activeDelivery } from '../support/events.ts'
import { tempDir, waitFor } from '../support/serve.ts'

const SECRET = 'ZXhhbXBsZS1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm'
const KEY = decodeSigningSecret(SECRET)!

let monitor: Monitor | null = null
let listener: WebhookListener | null = null
let dir = ''
afterEach(async () => {
  await listener?.close()
  await monitor?.close()
  listener = null
  monitor = null
  await rm(dir, { recursive: true, force: true })
})

/** The hold limits are a setting (MonitorSettings.hold), in MiB and deliveries. */
const withHold = (hold: Partial<HoldSettings>): MonitorSettings => ({
  ...DEFAULT_SETTINGS,
  hold: { ...DEFAULT_SETTINGS.hold, ...hold },
})

async function start(hold: Partial<HoldSettings>): Promise<string> {
  dir = await tempDir()
  monitor = await createMonitor({ dir: join(dir, 'ws'), signingSecret: null, settings: withHold(hold) })
  listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake }), { port: 0 })
  return `${listener.url}${WEBHOOK_PATH}`
}

const body = activeDelivery

interface Answer {
  status: number
  retryAfter: string | null
  json: Record<string, unknown>
}

async function post(url: string, payload: string, signed = true): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signed) headers['fastpix-signature'] = sign(payload, KEY)
  const res = await fetch(url, { method: 'POST', headers, body: payload })
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    json: (await res.json()) as Record<string, unknown>,
  }
}

async function folderBytes(path: string): Promise<number> {
  let total = 0
  for (const name of await readdir(path)) total += (await stat(join(path, name))).size
  return total
}

/**
 * The folder's size once the store's background checkpoint (every 500 ms) has moved
 * what the WAL holds into the database file: until then the same data can show up
 * as growth of one file while the other keeps its size.
 */
async function settledBytes(path: string): Promise<number> {
  let last = await folderBytes(path)
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 600))
    const next = await folderBytes(path)
    if (next === last) return next
    last = next
  }
  throw new Error(`the size of ${path} did not settle`)
}

describe('hold quota (W10)', () => {
  it('holds up to the byte cap under concurrency, then refuses with 503 and stops growing', async () => {
    const maxBytes = 1024 * 1024
    const url = await start({ maxMiB: 1, maxDeliveries: 10_000 })
    const m = monitor!
    const padding = 40_000
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(url, body(`c-${i}`, padding))),
    )
    const held = answers.filter((a) => a.status === 202)
    const refused = answers.filter((a) => a.status === 503)
    expect(held.length + refused.length).toBe(40)
    expect(held.length).toBeGreaterThan(0)
    expect(refused.length).toBeGreaterThan(0)
    // A held delivery counts its raw body and its stored JSON, each a little over `padding`
    // bytes: concurrent posts neither overshoot the cap nor leave room unused.
    expect(held.length * 2 * padding).toBeLessThanOrEqual(maxBytes)
    expect(held.length).toBeGreaterThanOrEqual(Math.floor(maxBytes / (2 * padding + 2000)))
    for (const a of refused) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0)
      expect(a.json).toMatchObject({ ok: false })
      expect(String(a.json.error)).toMatch(/hold of unverified deliveries is full/)
    }
    expect(m.receiverStatus()).toMatchObject({
      accepted: held.length,
      unverified: held.length,
      holdRefused: refused.length,
      holdFull: true,
      signingSecretSet: false,
    })

    // Full: more deliveries are refused and the data folder no longer grows.
    const ws = join(dir, 'ws')
    const before = await settledBytes(ws)
    for (let i = 0; i < 30; i++) {
      const a = await post(url, body(`late-${i}`, padding))
      expect(a.status).toBe(503)
    }
    const after = await settledBytes(ws)
    // 30 × 40 KB would have added well over 1 MB (raw body + stored JSON each).
    expect(after - before).toBeLessThan(64 * 1024)
    expect(m.receiverStatus()).toMatchObject({ holdRefused: refused.length + 30, holdFull: true })
    // A delivery already held is still a duplicate (2xx), not a refusal.
    const again = held.length > 0 ? answers.indexOf(held[0] as Answer) : -1
    expect((await post(url, body(`c-${again}`, padding))).status).toBe(202)

    // The secret releases the held deliveries, and deliveries are accepted again.
    expect(await m.setSigningSecret(SECRET)).toEqual({ released: held.length, rejected: 0 })
    expect(m.receiverStatus()).toMatchObject({ unverified: 0, holdFull: false })
    const next = await post(url, body('after-secret', padding))
    expect(next.status).toBe(202)
    expect(next.json).toEqual({ ok: true, duplicate: false })
    expect((await post(url, body('unsigned-now'), false)).status).toBe(401)
    const stored = await m.api.listEvents({ verification: 'verified', limit: 1000 })
    expect(stored.events).toHaveLength(held.length + 1)
  })

  it('holds up to the count cap; duplicates of held deliveries stay 2xx', async () => {
    const url = await start({ maxDeliveries: 5 })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await post(url, body(`n-${i}`), false)).status)
    expect(statuses).toEqual([202, 202, 202, 202, 202, 503, 503, 503])
    expect((await post(url, body('n-0'), false)).json).toEqual({ ok: true, duplicate: true, held: true })
    expect(monitor!.receiverStatus()).toMatchObject({
      accepted: 5,
      unverified: 5,
      duplicates: 1,
      holdRefused: 3,
      holdFull: true,
    })
  })

  it('drops held deliveries older than the retention, which makes room again', async () => {
    const DAY = 86_400_000
    let clock = Date.now() - 40 * DAY
    dir = await tempDir()
    monitor = await createMonitor({
      dir: join(dir, 'ws'),
      signingSecret: null,
      settings: withHold({ maxDeliveries: 2 }),
      now: () => clock,
      persistIntervalMs: 50,
    })
    listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake, now: () => clock }), {
      port: 0,
    })
    const url = `${listener.url}${WEBHOOK_PATH}`
    const statuses: number[] = []
    for (const id of ['old-1', 'old-2', 'old-3']) statuses.push((await post(url, body(id), false)).status)
    expect(statuses).toEqual([202, 202, 503])

    clock = Date.now()
    // Default retention: 30 days. Both held deliveries are 40 days old.
    expect(await monitor.store.applyRetention(clock)).toEqual({ deleted: 2 })
    await waitFor(() => monitor?.receiverStatus().unverified === 0, 5000, 'the hold to follow retention')
    expect(monitor.receiverStatus()).toMatchObject({ unverified: 0, holdFull: false, holdRefused: 1 })
    expect((await post(url, body('new-1'), false)).status).toBe(202)
    // A dropped one sent again is not held a second time (its id is remembered, W12).
    expect((await post(url, body('old-1'), false)).json).toEqual({ ok: true, duplicate: true, held: true })
    expect(monitor.receiverStatus()).toMatchObject({ unverified: 1, holdFull: false })
  })

  it('refuses impossible limits in words', async () => {
    dir = await tempDir()
    await expect(createMonitor({ dir: join(dir, 'ws'), settings: withHold({ maxMiB: 0 }) })).rejects.toThrow(
      /hold limits/,
    )
  })
})
