// W5 (size limits) and W6 (slow clients) against the real listener.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { verifySignature } from '../../src/main/core/receiver/signature.ts'
import { WEBHOOK_PATH } from '../../src/main/core/receiver/webhook-app.ts'
import {
  eventBody,
  openSocket,
  parseResponse,
  post,
  type Receiver,
  signedHeaders,
  startReceiver,
} from './receiver-support.ts'

const MiB = 1024 * 1024

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

interface StreamedAnswer {
  status: number | null
  bytesSent: number
  closedByServer: boolean
}

/**
 * Sends headers, then body bytes in 64 KiB writes (respecting back-pressure) until the
 * server answers or closes, or `total` bytes went out. Chunked when `chunked`.
 */
async function streamBody(
  port: number,
  total: number,
  chunked: boolean,
  waitFirstMs = 0,
): Promise<StreamedAnswer> {
  const socket = await openSocket(port)
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  let response = Buffer.alloc(0)
  let status: number | null = null
  let closed = false
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      response = Buffer.concat([response, data])
      status ??= parseResponse(response)?.status ?? null
      if (status !== null) resolve()
    })
    socket.on('close', () => {
      closed = true
      resolve()
    })
    socket.on('error', () => {})
  })
  const length = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`
  socket.write(
    `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `FastPix-Signature: ${'A'.repeat(43)}=\r\n${length}\r\n\r\n`,
  )
  if (waitFirstMs > 0)
    await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, waitFirstMs))])
  let sent = 0
  while (sent < total && status === null && !closed) {
    const part = chunk.subarray(0, Math.min(chunk.length, total - sent))
    const framed = chunked
      ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
      : part
    sent += part.length
    if (!socket.write(framed)) {
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), answered])
    }
  }
  if (chunked && !closed && status === null) socket.write('0\r\n\r\n')
  await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 5_000))])
  // The server must close a 413 connection rather than read on.
  await Promise.race([
    new Promise((resolve) => socket.once('close', resolve)),
    new Promise((r) => setTimeout(r, 2_000)),
  ])
  const closedByServer = closed || socket.destroyed || socket.readableEnded
  socket.destroy()
  return { status, bytesSent: sent, closedByServer }
}

describe('W5 body size limits', () => {
  let r: Receiver
  const verify = vi.fn(verifySignature)
  beforeAll(async () => {
    r = await startReceiver({ app: { verify } })
  })
  afterAll(async () => {
    await r.close()
  })

  it('W5: a body of exactly 1 MiB is read and verified (the limit is inclusive)', async () => {
    const base = eventBody('w5-exact', { pad: '' })
    const body = base.replace('"pad":""', `"pad":"${'x'.repeat(MiB - Buffer.byteLength(base))}"`)
    expect(Buffer.byteLength(body)).toBe(MiB)
    const res = await post(r.url, body, signedHeaders(body))
    expect(res.status).toBe(202)
    expect(verify).toHaveBeenCalledTimes(1)
  })

  it('W5: 1 MiB + 1, 10 MiB (Content-Length) and 10 MiB chunked → 413, connection closed, no HMAC, memory < 10 MB', async () => {
    verify.mockClear()
    const keyCallsBefore = r.intake.counters.signingKeyCalls
    const rejectedBefore = r.intake.rejected.length
    gc()
    const before = process.memoryUsage()

    const overByOne = await streamBody(r.port, MiB + 1, false)
    // Content-Length alone decides: the answer comes before we send a single body byte.
    const tenWithLength = await streamBody(r.port, 10 * MiB, false, 1_000)
    const tenChunked = await streamBody(r.port, 10 * MiB, true)

    gc()
    const after = process.memoryUsage()
    for (const answer of [overByOne, tenWithLength, tenChunked]) {
      expect(answer.status).toBe(413)
      expect(answer.closedByServer).toBe(true)
    }
    expect(tenWithLength.bytesSent).toBe(0)
    expect(tenChunked.bytesSent).toBeLessThan(10 * MiB)
    expect(verify).not.toHaveBeenCalled()
    expect(r.intake.counters.signingKeyCalls).toBe(keyCallsBefore)
    // Recorded as rejected, with the size the headers declared; the body was never read.
    // (Chunked has no length: at least one byte past the limit is all that is known.)
    expect(r.intake.rejected.slice(rejectedBefore).map((x) => [x.status, x.size, x.preview])).toEqual([
      [413, MiB + 1, ''],
      [413, 10 * MiB, ''],
      [413, MiB + 1, ''],
    ])
    expect(after.rss - before.rss).toBeLessThan(10 * MiB)
    expect(after.heapUsed - before.heapUsed).toBeLessThan(10 * MiB)
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(10 * MiB)
  })
})

describe('W6 slow clients', () => {
  let r: Receiver
  beforeAll(async () => {
    r = await startReceiver({ app: { requestTimeoutMs: 2_000, headersTimeoutMs: 1_000 } })
  })
  afterAll(async () => {
    await r.close()
  })

  it('W6: 50 connections trickling 1 byte/s are cut off while normal deliveries answer fast', async () => {
    const started = Date.now()
    const sockets = await Promise.all(Array.from({ length: 50 }, () => openSocket(r.port)))
    const closedAt: Array<number | null> = sockets.map(() => null)
    sockets.forEach((socket, i) => {
      socket.on('error', () => {})
      socket.resume() // read the 408, so the server's FIN is seen at once
      socket.on('close', () => {
        closedAt[i] = Date.now() - started
      })
      // Half trickle their headers, half a body after complete headers.
      socket.write(
        i % 2 === 0
          ? `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `
          : `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      )
    })
    const trickle = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('a')
    }, 1_000)

    const latencies: number[] = []
    try {
      for (let i = 0; i < 10; i++) {
        const body = eventBody(`w6-${i}`)
        const t0 = performance.now()
        const res = await post(r.url, body, signedHeaders(body))
        latencies.push(performance.now() - t0)
        expect(res.status).toBe(202)
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      const deadline = Date.now() + 6_000
      while (closedAt.some((t) => t === null) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      clearInterval(trickle)
      for (const socket of sockets) socket.destroy()
    }
    expect(closedAt.every((t) => t !== null)).toBe(true)
    // Headers timeout 1 s, request timeout 2 s, checked every 500 ms: cut at ~1.5 s and ~2.5 s.
    expect(Math.max(...closedAt.map((t) => t ?? Number.POSITIVE_INFINITY))).toBeLessThan(4_000)
    expect(Math.max(...latencies)).toBeLessThan(1_000)
    expect(r.intake.events.size).toBe(10)
  }, 15_000)
})
