// W3: one signed delivery replayed 1,000× in sequence and 100× concurrently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventBody, post, type Receiver, signedHeaders, startReceiver } from './receiver-support.ts'

describe('W3 replay', () => {
  let r: Receiver
  beforeAll(async () => {
    r = await startReceiver()
  })
  afterAll(async () => {
    await r.close()
  })

  it('W3: 1,000 sequential + 100 concurrent copies → exactly one stored event, all 2xx, 1,099 duplicates', async () => {
    const body = eventBody('5d0c3a1e-0000-4000-8000-00000000w3w3')
    const headers = signedHeaders(body)
    const statuses: number[] = []
    const duplicates: boolean[] = []
    for (let i = 0; i < 1_000; i++) {
      const res = await post(r.url, body, headers)
      statuses.push(res.status)
      duplicates.push(res.json.duplicate === true)
    }
    // A commit delay so the concurrent copies really overlap inside the intake.
    r.intake.setCommitDelay(20)
    const concurrent = await Promise.all(Array.from({ length: 100 }, () => post(r.url, body, headers)))
    for (const res of concurrent) {
      statuses.push(res.status)
      duplicates.push(res.json.duplicate === true)
    }

    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true)
    expect(duplicates[0]).toBe(false)
    expect(duplicates.filter(Boolean)).toHaveLength(1_099)
    expect(r.intake.events.size).toBe(1)
    expect(r.intake.counters.accepted).toBe(1)
    expect(r.intake.counters.duplicates).toBe(1_099)
    expect([...r.intake.events.values()][0]?.duplicateCount).toBe(1_099)
    expect(r.intake.rejected).toHaveLength(0)
  }, 30_000)
})
