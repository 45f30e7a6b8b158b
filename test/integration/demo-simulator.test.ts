// The demo simulator against real 127.0.0.1 receivers: signing, order, timing, stop, retry.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startDemo } from '../../src/main/core/demo/embedded.ts'
import { deliveryBytes } from '../../src/main/core/demo/payloads.ts'
import {
  type DemoSimulator,
  generateDemoSecret,
  startDemoSimulator,
} from '../../src/main/core/demo/simulator.ts'
import { decodeSigningSecret, verifySignature } from '../../src/main/core/receiver/signature.ts'

interface Received {
  raw: Buffer
  headers: IncomingHttpHeaders
  at: number
}

const SECRET = generateDemoSecret(99)
const KEY = decodeSigningSecret(SECRET) as Buffer
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

/** A tiny webhook receiver keeping the raw bytes; `answer(n)` picks the status of request n (0-based). */
async function receiver(
  answer: (n: number) => number = () => 202,
): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push({ raw: Buffer.concat(chunks), headers: req.headers, at: performance.now() })
      res.statusCode = answer(got.length - 1)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/webhooks/fastpix`, got }
}

function track(sim: DemoSimulator): DemoSimulator {
  cleanups.push(() => sim.stop())
  return sim
}

const waitFor = async (check: () => boolean, ms = 5000): Promise<void> => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('a full cycle at speed 500', () => {
  it('delivers every planned body, signed exactly as FastPix signs, in schedule order', async () => {
    const { url, got } = await receiver()
    const started = performance.now()
    const sim = track(
      startDemoSimulator({ webhookUrl: url, signingSecret: SECRET, seed: 5, speed: 500, loop: false }),
    )
    await sim.done
    const elapsed = performance.now() - started
    // A webhook FastPix never delivers (the demo's missed idle) is not sent; everything else is.
    const lost = sim.plan.deliveries.filter((d) => d.lost)
    expect(lost.map((d) => d.type)).toEqual(['video.live_stream.idle'])
    const planned = sim.plan.deliveries.filter((d) => !d.lost)

    expect(got).toHaveLength(planned.length)
    expect(sim.stats()).toMatchObject({ sent: planned.length, failed: 0, lastStatus: 202 })
    // Scheduled by absolute time: the cycle takes (last offset / speed), not much less, not much more.
    const last = planned.at(-1)?.atMs ?? 0
    expect(sim.now() - sim.plan.startAt).toBeGreaterThanOrEqual(last)
    expect(elapsed).toBeGreaterThanOrEqual(last / 500 - 5)
    expect(elapsed).toBeLessThan(last / 500 + 2000)

    planned.forEach((d, i) => {
      const r = got[i] as Received
      expect(r.raw.toString('utf8')).toBe(deliveryBytes(d.body))
      expect(r.headers['content-type']).toBe('application/json')
      if (d.probe) {
        expect(r.headers['fastpix-signature']).toBeUndefined()
        expect(['', '{}']).toContain(r.raw.toString('utf8'))
      } else {
        expect(verifySignature(r.raw, r.headers['fastpix-signature'] as string, KEY)).toBe(true)
        expect(verifySignature(r.raw, r.headers['fastpix-signature'] as string, Buffer.from(SECRET))).toBe(
          false,
        )
      }
    })
    // Arrival order follows event time per stream except the deliberate out-of-order ones and re-sends.
    const newest = new Map<string, string>()
    for (const r of got) {
      if (r.raw.length <= 2) continue
      const body = JSON.parse(r.raw.toString('utf8')) as {
        id?: string
        webhookId?: string
        object: { id: string }
      }
      const eventId = body.id ?? body.webhookId
      const d = planned.find((p) => p.eventId === eventId)
      const at = (d?.body?.createdAt ?? d?.body?.created_at) as string
      const prev = newest.get(body.object.id) ?? ''
      if (at < prev)
        expect(d?.outOfOrder || planned.some((p) => p.duplicateOf !== null && p.eventId === body.id)).toBe(
          true,
        )
      else newest.set(body.object.id, at)
    }
  })
})

describe('looping and stop()', () => {
  it('moves on to the next cycle, then stop() ends deliveries and resolves done', async () => {
    const { url, got } = await receiver()
    const sim = track(startDemoSimulator({ webhookUrl: url, signingSecret: SECRET, seed: 5, speed: 1000 }))
    await waitFor(() => sim.stats().cycle >= 1 && got.length > sim.plan.deliveries.length + 5)
    await sim.stop()
    await sim.done
    // A request already on the wire at stop() may still land; nothing new is sent after.
    await new Promise((r) => setTimeout(r, 50))
    const count = got.length
    await new Promise((r) => setTimeout(r, 300))
    expect(got.length).toBe(count)
    const second = got
      .slice(sim.plan.deliveries.length)
      .map((r) => JSON.parse(r.raw.toString('utf8')) as { type: string })
    expect(second.every((b) => !b.type.endsWith('.created'))).toBe(true)
    // Cycle 1 plays new events (fresh ids), not replays of cycle 0.
    const firstIds = new Set(sim.plan.deliveries.map((d) => d.eventId))
    const later = got
      .slice(sim.plan.deliveries.length)
      .map((r) => JSON.parse(r.raw.toString()) as { id?: string; webhookId?: string })
    expect(later.some((b) => firstIds.has(b.id ?? b.webhookId ?? null))).toBe(false)
  })
})

describe('retries', () => {
  it('re-sends a delivery answered 503 with the same bytes and signature', async () => {
    const { url, got } = await receiver((n) => (n === 1 ? 503 : 202))
    const infos: { attempt: number; status: number | null; final: boolean }[] = []
    const sim = track(
      startDemoSimulator({
        webhookUrl: url,
        signingSecret: SECRET,
        seed: 5,
        speed: 1000,
        loop: false,
        retry: { baseDelayMs: 30 },
        onDelivery: (i) => infos.push({ attempt: i.attempt, status: i.status, final: i.final }),
      }),
    )
    await sim.done
    const first = got[1] as Received
    const again = got.filter((r) => r.raw.equals(first.raw))
    expect(again).toHaveLength(2)
    expect(again[1]?.headers['fastpix-signature']).toBe(first.headers['fastpix-signature'])
    const sent = sim.plan.deliveries.filter((d) => !d.lost).length
    expect(sim.stats()).toMatchObject({ sent, failed: 0 })
    expect(sim.stats().attempts).toBe(sent + 1)
    expect(infos).toContainEqual({ attempt: 1, status: 503, final: false })
    expect(infos).toContainEqual({ attempt: 2, status: 202, final: true })
  })

  it('gives up quietly: no retry on 401, bounded retries when nothing listens', async () => {
    const { url, got } = await receiver(() => 401)
    const rejected = track(
      startDemoSimulator({ webhookUrl: url, signingSecret: SECRET, speed: 1000, loop: false }),
    )
    await rejected.done
    const tried = rejected.plan.deliveries.filter((d) => !d.lost).length
    expect(got).toHaveLength(tried)
    expect(rejected.stats()).toMatchObject({
      sent: 0,
      failed: tried,
      lastStatus: 401,
    })

    const nobody = track(
      startDemoSimulator({
        webhookUrl: 'http://127.0.0.1:9/hook',
        signingSecret: SECRET,
        streams: 1,
        speed: 1000,
        loop: false,
        retry: { attempts: 2, baseDelayMs: 5 },
      }),
    )
    await nobody.done
    const attempted = nobody.plan.deliveries.filter((d) => !d.lost).length
    expect(nobody.stats()).toMatchObject({ sent: 0, failed: attempted, lastStatus: null })
    expect(nobody.stats().attempts).toBe(attempted * 2)
  })

  it('refuses a signing secret that is not Base64', () => {
    expect(() =>
      startDemoSimulator({ webhookUrl: 'http://127.0.0.1:9/', signingSecret: 'not base64!' }),
    ).toThrow(TypeError)
  })
})

describe('REST follows the simulator', () => {
  it('shows a stream active once its active event happened, and idle after the window expired', async () => {
    const { url, got } = await receiver()
    const demo = await startDemo({ webhookUrl: url, signingSecret: SECRET, seed: 5, speed: 100, loop: false })
    cleanups.push(() => demo.stop())
    const auth = {
      authorization: `Basic ${Buffer.from(`${demo.accessTokenId}:${demo.secretKey}`).toString('base64')}`,
    }
    const id = demo.simulator.plan.streams.find((s) => s.name === 'Church Service')?.id ?? ''
    const status = async (): Promise<string> => {
      const res = await fetch(`${demo.restUrl}live/streams/${id}`, { headers: auth })
      return ((await res.json()) as { data: { status: string } }).data.status
    }
    const arrived = (type: string) => () =>
      got.some((r) => r.raw.includes(`"type":"video.live_stream.${type}"`) && r.raw.includes(id))

    await waitFor(arrived('created'))
    // Idle until its active event happens (a loaded machine may ask only after it did).
    const activeAt =
      demo.simulator.plan.startAt +
      (demo.simulator.plan.deliveries.find((d) => d.streamId === id && d.type === 'video.live_stream.active')
        ?.occurredMs ?? 0)
    const asked = demo.simulator.now()
    const early = await status()
    if (asked < activeAt && demo.simulator.now() < activeAt) expect(early).toBe('idle')
    else expect(['idle', 'active']).toContain(early)
    await waitFor(arrived('active'))
    expect(await status()).toBe('active')
    const views = await fetch(`${demo.restUrl}live/streams/${id}/viewer-count`, { headers: auth })
    expect(((await views.json()) as { data: { views: number } }).data.views).toBeGreaterThan(0)
    await waitFor(arrived('disconnected'))
    expect(await status()).toBe('active')
    // The idle is one FastPix never delivers: only the REST API knows the stream ended.
    for (const until = Date.now() + 10_000; (await status()) !== 'idle'; ) {
      if (Date.now() > until) throw new Error('the REST API never showed the stream idle')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(arrived('idle')()).toBe(false)
  })
})
