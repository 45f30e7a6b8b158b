// W12: FastPix's signature covers no timestamp, so a captured delivery stays valid
// forever. The ids of events retention deleted are kept (ids only, bounded in time and
// count) and a replay of one is a duplicate: 2xx, counted, nothing stored or applied.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { sign } from '../../src/main/core/receiver/signature.ts'
import {
  buildWebhookApp,
  startWebhookListener,
  WEBHOOK_PATH,
  type WebhookListener,
} from '../../src/main/core/receiver/webhook-app.ts'
import { all, openDatabase } from '../../src/main/core/store/db.ts'
import { openStore, PRUNED_IDS, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import { tempDir as serveTempDir } from '../support/serve.ts'
import { HOLD_KEY, makeEvent, type TempDir, tempDir } from '../support/store-fixtures.ts'
import { KEY, SIGNING_SECRET } from './receiver-support.ts'

const DAY = 86_400_000
const NOW = 1_800_000_000_000

let tmp: TempDir | null = null
let store: StoreHandle | null = null
afterEach(async () => {
  await store?.close()
  store = null
  tmp?.remove()
  tmp = null
})

async function fill(s: StoreHandle, count: number, prefix: string, receivedAt: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) => s.commitEvent(makeEvent(`${prefix}${i}`, { receivedAt }))),
  )
}

describe('store: ids of pruned events (W12)', () => {
  it('answers a replay of a pruned event as a duplicate, without storing it again', async () => {
    tmp = tempDir()
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0, retentionChunk: 7 })
    await store.setRetention({ maxAgeDays: 7, maxEvents: 0 })
    await fill(store, 20, 'old', NOW - 10 * DAY)
    await fill(store, 5, 'new', NOW - DAY)
    expect(await store.applyRetention(NOW)).toEqual({ deleted: 20 })
    const before = await store.counters()

    const replay = await store.commitEvent(makeEvent('old3', { receivedAt: NOW }))
    expect(replay).toMatchObject({ outcome: 'duplicate', seq: null })
    expect(await store.getEvent('old3')).toBeNull()
    expect((await store.stats()).events).toBe(5)
    expect(await store.counters()).toEqual({
      ...before,
      duplicates: before.duplicates + 1,
      lastDeliveryAt: NOW,
    })
    // Held replays too: nothing is held again.
    const held = await store.commitEvent(makeEvent('old4', { receivedAt: NOW }), {
      raw: Buffer.from('{}'),
      signature: null,
    })
    expect(held).toMatchObject({ outcome: 'duplicate', seq: null })
    expect(await store.listHeld(10)).toEqual([])
    // An id never seen is new as ever.
    expect(await store.commitEvent(makeEvent('fresh', { receivedAt: NOW }))).toMatchObject({
      outcome: 'stored',
    })
  })

  it('keeps pruned ids for a bounded time and count, oldest dropped first', async () => {
    tmp = tempDir()
    store = await openStore({
      file: tmp.file,
      retentionIntervalMs: 0,
      retentionChunk: 4,
      prunedIds: { maxAgeDays: 30, maxIds: 10 },
    })
    await store.setRetention({ maxAgeDays: 1, maxEvents: 0 })
    await fill(store, 8, 'a', NOW - 5 * DAY)
    await store.applyRetention(NOW)
    await fill(store, 8, 'b', NOW - 2 * DAY + DAY)
    await store.applyRetention(NOW + DAY)
    await store.close()
    store = null

    const { db } = openDatabase(tmp.file)
    const ids = all<{ id: string }>(db.prepare('SELECT id FROM pruned_ids ORDER BY seq')).map((r) => r.id)
    db.close()
    // 16 pruned, 10 kept: the 6 pruned first went.
    expect(ids).toHaveLength(10)
    expect(ids).not.toContain('a0')
    expect(ids).toEqual(expect.arrayContaining(['a6', 'a7', 'b0', 'b7']))

    store = await openStore({
      file: tmp.file,
      retentionIntervalMs: 0,
      prunedIds: { maxAgeDays: 30, maxIds: 10 },
    })
    expect((await store.commitEvent(makeEvent('a0', { receivedAt: NOW + DAY }))).outcome).toBe('stored')
    expect((await store.commitEvent(makeEvent('b0', { receivedAt: NOW + DAY }))).outcome).toBe('duplicate')
    // Past the time bound every id is forgotten.
    await store.applyRetention(NOW + 32 * DAY)
    expect((await store.commitEvent(makeEvent('b1', { receivedAt: NOW + 32 * DAY }))).outcome).toBe('stored')
  })

  it('documents its defaults: 30 days, 1,000,000 ids', () => {
    expect(PRUNED_IDS).toEqual({ maxAgeDays: 30, maxIds: 1_000_000 })
  })
})

describe('replay of a pruned delivery over HTTP (W12)', () => {
  let monitor: Monitor | null = null
  let listener: WebhookListener | null = null
  let dir = ''
  afterEach(async () => {
    await listener?.close()
    await monitor?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers 2xx duplicate and changes no state', async () => {
    dir = await serveTempDir()
    monitor = await createMonitor({
      dir: join(dir, 'ws'),
      signingSecret: SIGNING_SECRET,
      settings: {
        thresholds: (await import('../../src/shared/domain.ts')).DEFAULT_THRESHOLDS,
        retention: { maxAgeDays: 1, maxEvents: 0 },
        hold: { maxMiB: 50, maxDeliveries: 10_000 },
      },
    })
    listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake }), { port: 0 })
    const url = `${listener.url}${WEBHOOK_PATH}`
    const stream = 'e'.repeat(32)
    const delivery = (id: string, type: string, at: number) =>
      JSON.stringify({
        type,
        object: { type: 'live', id: stream },
        id,
        data: { status: type.endsWith('active') ? 'active' : 'idle' },
        createdAt: new Date(at).toISOString(),
      })
    const send = async (payload: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'fastpix-signature': sign(payload, KEY) },
        body: payload,
      })
      return { status: res.status, json: (await res.json()) as Record<string, unknown> }
    }
    const t = Date.now()
    const captured = delivery('evt-active', 'video.live_stream.active', t - 2000)
    expect((await send(captured)).status).toBe(202)
    expect((await send(delivery('evt-idle', 'video.live_stream.idle', t - 1000))).status).toBe(202)
    expect(monitor.snapshots()[0]).toMatchObject({ status: 'idle' })

    // Both rows age out of retention.
    expect(await monitor.store.applyRetention(Date.now() + 2 * DAY)).toEqual({ deleted: 2 })
    const before = monitor.receiverStatus()

    // The captured "active" delivery is sent again: a duplicate, the stream stays idle.
    expect(await send(captured)).toEqual({ status: 202, json: { ok: true, duplicate: true } })
    expect(monitor.receiverStatus()).toMatchObject({
      accepted: before.accepted,
      duplicates: before.duplicates + 1,
    })
    expect(monitor.snapshots()[0]).toMatchObject({ status: 'idle' })
    expect(await monitor.api.getEvent('evt-active')).toBeNull()
  })
})
