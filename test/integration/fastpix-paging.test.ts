// Listing every stream against the fake FastPix under each reading of `offset` (SPEC §6.2 leaves
// open whether it counts pages or items), and against a server that ignores it.
import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoOffsetMeaning, type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { createFastPixClient } from '../../src/main/core/fastpix/client.ts'
import { FastPixError } from '../../src/main/core/fastpix/errors.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = '5d0c2b7e-1f3a-4e9b-8c6d-7a8b9c0d1e2f'
const SECRET = 'paging-secret-key-Hq27'

let server: DemoRestServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/** A fake FastPix workspace holding exactly `count` streams. */
async function setup(count: number, offsetMeaning: DemoOffsetMeaning) {
  const plan = buildDemoPlan({ seed: 7, startAt: START, streams: Math.max(1, count) })
  const state = new DemoWorkspace(plan, () => START + 60_000)
  const created = new Set(plan.streams.slice(0, count).map((s) => s.id))
  for (const d of plan.deliveries)
    if (d.type === 'video.live_stream.created' && d.streamId && created.has(d.streamId)) state.apply(d)
  server = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET, offsetMeaning })
  const offsets: number[] = []
  const client = createFastPixClient({
    baseUrl: server.url,
    accessTokenId: TOKEN,
    secretKey: SECRET,
    timeoutMs: 5000,
    fetch: (input, init) => {
      offsets.push(Number(new URL(String(input)).searchParams.get('offset')))
      return fetch(input, init)
    },
  })
  const expected = state.list().map((s) => s.def.id)
  expect(expected).toHaveLength(count)
  return { client, expected, offsets }
}

const LIMIT = 4
const COUNTS = [0, 1, LIMIT - 1, LIMIT, LIMIT + 1, 3 * LIMIT + 2]

describe.each(['page', 'item'] as const)('offset read as the %s index', (meaning) => {
  it.each(COUNTS)('%i streams: each exactly once, in order', async (count) => {
    const { client, expected, offsets } = await setup(count, meaning)
    const listed = await client.listAllStreams({ pageSize: LIMIT })
    expect(listed.map((s) => s.streamId)).toEqual(expected)
    // Bounded: no more requests than pages under either reading, plus the one that tells them apart.
    expect(offsets.length).toBeLessThanOrEqual(Math.ceil(count / LIMIT) + 1)
    expect(offsets[0]).toBe(1)
  })

  it('50 per page (the default) over 152 streams', async () => {
    const { client, expected, offsets } = await setup(152, meaning)
    expect((await client.listAllStreams()).map((s) => s.streamId)).toEqual(expected)
    expect(offsets).toEqual(meaning === 'page' ? [1, 2, 3, 4] : [1, 2, 52, 102, 152])
  })

  it('2 per page: too small to tell the readings apart, so it steps one by one', async () => {
    const { client, expected, offsets } = await setup(7, meaning)
    expect((await client.listAllStreams({ pageSize: 2 })).map((s) => s.streamId)).toEqual(expected)
    expect(offsets).toEqual(meaning === 'page' ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6])
  })

  it('stops at the hard page limit with an error in words', async () => {
    const { client, offsets } = await setup(3 * LIMIT + 2, meaning)
    const error = await client.listAllStreams({ pageSize: LIMIT, maxPages: 2 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FastPixError)
    expect(error).toMatchObject({ kind: 'bad-response', field: 'pagination' })
    expect((error as Error).message).toBe(
      'FastPix still had more streams after 2 pages of 4; stopped listing.',
    )
    expect(offsets).toHaveLength(2)
  })
})

describe('a server that ignores offset (the same page forever)', () => {
  it('with everything on the first page: the streams, once', async () => {
    const { client, expected, offsets } = await setup(LIMIT, 'ignored')
    expect((await client.listAllStreams({ pageSize: LIMIT })).map((s) => s.streamId)).toEqual(expected)
    expect(offsets).toEqual([1])
  })

  it('with more: ends on the repeated page, says how far it got, and claims no complete list', async () => {
    const { client, offsets } = await setup(3 * LIMIT + 2, 'ignored')
    const error = await client.listAllStreams({ pageSize: LIMIT }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FastPixError)
    expect(error).toMatchObject({ kind: 'bad-response', field: 'pagination' })
    expect((error as Error).message).toBe(
      'FastPix answered offset 2 with streams already listed (it may ignore offset): 4 of 14 listed; stopped listing.',
    )
    expect(offsets).toEqual([1, 2])
  })
})
