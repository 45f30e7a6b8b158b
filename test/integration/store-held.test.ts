// W8 held deliveries: raw bodies sealed at rest, then released or rejected.
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import { HOLD_KEY, makeEvent, makeRejected, type TempDir, tempDir } from '../support/store-fixtures.ts'

const SECRET = 'sk-live-TOPSECRET-7f3a9c1e5b'
const MARKER = 'plain-marker-visible-on-disk'

let tmp: TempDir
let store: StoreHandle

const rawBody = (id: string): Buffer =>
  Buffer.from(
    JSON.stringify({ id, type: 'video.live_stream.active', data: { streamKey: SECRET, srtSecret: SECRET } }),
  )
const redacted = (id: string) =>
  makeEvent(id, {
    verification: 'unverified',
    payload: { id, data: { streamKey: '[redacted]', note: MARKER } },
  })

/** Every byte SQLite has on disk for this store: the database, its WAL and shared memory. */
function diskBytes(): Buffer {
  const parts = ['', '-wal', '-shm'].map((s) => `${tmp.file}${s}`).filter((f) => existsSync(f))
  return Buffer.concat(parts.map((f) => readFileSync(f)))
}

function expectNoSecretOnDisk(): void {
  const bytes = diskBytes()
  expect(bytes.includes(Buffer.from(MARKER)), 'the scan sees plain text that is stored').toBe(true)
  expect(bytes.includes(Buffer.from(SECRET))).toBe(false)
  expect(bytes.includes(Buffer.from(SECRET, 'utf16le'))).toBe(false)
}

beforeEach(async () => {
  tmp = tempDir()
  store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })
})
afterEach(async () => {
  await store.close()
  tmp.remove()
})

describe('store: held deliveries', () => {
  it('seals raw bodies: no secret in the file or the WAL, before or after checkpoint', async () => {
    for (let i = 0; i < 20; i++) {
      await store.commitEvent(redacted(`h${i}`), { raw: rawBody(`h${i}`), signature: `sig-${i}` })
    }
    expect(existsSync(`${tmp.file}-wal`) && readFileSync(`${tmp.file}-wal`).length).toBeGreaterThan(0)
    expectNoSecretOnDisk()
    const held = await store.listHeld(100)
    expect(held).toHaveLength(20)
    expect(held[0]).toMatchObject({
      eventId: 'h0',
      seq: 1,
      signature: 'sig-0',
      receivedAt: redacted('h0').receivedAt,
    })
    expect(held[0]?.raw.equals(rawBody('h0'))).toBe(true)
    await store.releaseHeld('h0')
    await store.rejectHeld('h1', makeRejected(5, 401, 'held delivery: signature does not match'))
    await store.close() // folds the WAL into the file
    expectNoSecretOnDisk()
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })
    expect(await store.listHeld(100)).toHaveLength(18)
  })

  it('release marks the event verified, drops the raw body and makes it replayable', async () => {
    await store.commitEvent(makeEvent('v1'))
    await store.commitEvent(redacted('h1'), { raw: rawBody('h1'), signature: null })
    expect((await store.eventsAfter(0, 10)).map((e) => e.event.id)).toEqual(['v1'])
    expect((await store.queryEvents({ verification: 'unverified' })).events.map((e) => e.id)).toEqual(['h1'])
    expect(await store.counters()).toMatchObject({ accepted: 2, unverified: 1 })

    await store.releaseHeld('h1')
    await store.releaseHeld('h1') // idempotent
    expect(await store.listHeld(10)).toEqual([])
    expect((await store.getEvent('h1'))?.verification).toBe('verified')
    expect((await store.eventsAfter(0, 10)).map((e) => e.event.id)).toEqual(['v1', 'h1'])
    expect((await store.queryEvents({ verification: 'unverified' })).events).toEqual([])
    expect(await store.counters()).toMatchObject({ accepted: 2, unverified: 0 })
  })

  it('reject deletes the event and its body and records the rejection', async () => {
    await store.commitEvent(redacted('h2'), { raw: rawBody('h2'), signature: 'bad' })
    await store.rejectHeld('h2', makeRejected(77, 401, 'held delivery: signature does not match'))
    await store.rejectHeld('h2', makeRejected(78)) // already gone: nothing more happens
    expect(await store.getEvent('h2')).toBeNull()
    expect(await store.listHeld(10)).toEqual([])
    expect((await store.listRejected({})).rejected).toEqual([
      { ...makeRejected(77, 401, 'held delivery: signature does not match'), seq: 1 },
    ])
    expect(await store.counters()).toMatchObject({ accepted: 1, rejected: 1, unverified: 0 })
    expect((await store.stats()).events).toBe(0)
  })

  it('a duplicate of a held event is counted, not held twice', async () => {
    await store.commitEvent(redacted('h3'), { raw: rawBody('h3'), signature: null })
    expect(await store.commitEvent(redacted('h3'), { raw: rawBody('h3'), signature: null })).toEqual({
      outcome: 'duplicate',
      seq: 1,
      duplicateCount: 1,
    })
    expect(await store.listHeld(10)).toHaveLength(1)
  })

  it('caps the hold in the writer: one transaction of many held deliveries stops at the cap (W10)', async () => {
    await store.close()
    store = await openStore({
      file: tmp.file,
      holdKey: HOLD_KEY,
      retentionIntervalMs: 0,
      holdLimits: { maxDeliveries: 7 },
    })
    const before = await store.writeCounts()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.commitEvent(redacted(`q${i}`), { raw: rawBody(`q${i}`), signature: null }),
      ),
    )
    const after = await store.writeCounts()
    expect(after.transactions - before.transactions).toBeLessThanOrEqual(2) // the 20 travel together
    expect(outcomes.map((o) => o.outcome)).toEqual([...Array(7).fill('stored'), ...Array(13).fill('refused')])
    expect(await store.listHeld(100)).toHaveLength(7)
    expect(await store.counters()).toMatchObject({
      accepted: 7,
      unverified: 7,
      holdRefused: 13,
      holdFull: true,
    })
    // Verified events are never refused, and a release makes room again.
    expect((await store.commitEvent(makeEvent('v1'))).outcome).toBe('stored')
    await store.releaseHeld('q0')
    expect(await store.counters()).toMatchObject({ unverified: 6, holdFull: false })
    expect((await store.commitEvent(redacted('q20'), { raw: rawBody('q20'), signature: null })).outcome).toBe(
      'stored',
    )
    expect((await store.commitEvent(redacted('q21'), { raw: rawBody('q21'), signature: null })).outcome).toBe(
      'refused',
    )
  })

  it('a body sealed under another key comes back empty (its check then fails) instead of wedging', async () => {
    await store.commitEvent(redacted('h4'), { raw: rawBody('h4'), signature: 'sig' })
    await store.close()
    store = await openStore({ file: tmp.file, holdKey: Buffer.alloc(32, 1), retentionIntervalMs: 0 })
    const [row] = await store.listHeld(10)
    expect(row?.raw.length).toBe(0)
    expect(row?.eventId).toBe('h4')
  })

  it('without a hold key, holding rejects clearly and the store keeps working', async () => {
    await store.close()
    store = await openStore({ file: tmp.file, retentionIntervalMs: 0 })
    await expect(store.commitEvent(redacted('h5'), { raw: rawBody('h5'), signature: null })).rejects.toThrow(
      /without a holdKey/,
    )
    await expect(store.commitEvent(makeEvent('ok'))).resolves.toMatchObject({ outcome: 'stored' })
    await expect(openStore({ file: tmp.file, holdKey: Buffer.alloc(16) })).rejects.toThrow(/32 bytes/)
  })
})
