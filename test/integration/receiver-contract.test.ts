// The receiver contract against the real listener (127.0.0.1, ephemeral port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sign } from '../../src/main/core/receiver/signature.ts'
import { WEBHOOK_PATH } from '../../src/main/core/receiver/webhook-app.ts'
import {
  createCaptureLogger,
  eventBody,
  KEY,
  post,
  prototypeIsClean,
  type Receiver,
  rawRequest,
  signedHeaders,
  startReceiver,
} from './receiver-support.ts'

const STREAM_KEY = 'live_1012464221_DuM8W004MoZYNxQEZ0czODgfHCFBhk'
const SRT_SECRET = 'Zq7srtSecretValue0123456789'
const log = createCaptureLogger()

function head(port: number, headers: Record<string, string | number>, path = WEBHOOK_PATH): string {
  const lines = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`]
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  return lines.join('\r\n')
}

describe('receiver contract (real listener, memory intake)', () => {
  let r: Receiver
  beforeAll(async () => {
    r = await startReceiver({ app: { logger: log.logger } })
  })
  afterAll(async () => {
    await r.close()
  })

  it('W2: negative signature matrix → 401 (recorded), never 5xx, nothing accepted', async () => {
    const body = eventBody('w2-event', { streamKey: STREAM_KEY, srtSecret: SRT_SECRET })
    const good = sign(body, KEY)
    const flipped = Buffer.from(body)
    flipped[20] = flipped[20]! ^ 0x01
    const pretty = JSON.stringify(JSON.parse(body), null, 2)
    const flippedSig = `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`
    const cases: Array<[string, string | Buffer, Record<string, string>]> = [
      ['no header', body, { 'content-type': 'application/json' }],
      ['empty header', body, { 'content-type': 'application/json', 'fastpix-signature': '' }],
      ['wrong length', body, { 'content-type': 'application/json', 'fastpix-signature': good.slice(0, 40) }],
      ['non-base64', body, { 'content-type': 'application/json', 'fastpix-signature': '!'.repeat(44) }],
      ['hex digest', body, { 'content-type': 'application/json', 'fastpix-signature': 'ab'.repeat(32) }],
      ['signature of another body', body, signedHeaders(eventBody('other'))],
      ['one flipped body byte', flipped, { 'content-type': 'application/json', 'fastpix-signature': good }],
      [
        'one flipped signature char',
        body,
        { 'content-type': 'application/json', 'fastpix-signature': flippedSig },
      ],
      ['reformatted JSON', pretty, { 'content-type': 'application/json', 'fastpix-signature': good }],
      ['signature by the undecoded secret', body, signedHeaders(body, Buffer.from('wrong-key'))],
    ]
    for (const [name, payload, headers] of cases) {
      const res = await post(r.url, payload, headers)
      expect([name, res.status]).toEqual([name, 401])
    }
    // Two signature headers (Node joins them with ", ").
    const twice = await rawRequest(
      r.port,
      head(r.port, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'FastPix-Signature': good,
        'fastpix-signature': good,
      }),
      body,
    )
    expect(twice.status).toBe(401)
    expect(r.intake.rejected).toHaveLength(cases.length + 1)
    expect(r.intake.rejected.every((x) => x.status === 401)).toBe(true)
    expect(r.intake.rejected[0]?.reason).toBe('missing signature')
    expect(r.intake.counters.commits).toBe(0)
    expect(r.intake.events.size).toBe(0)
    for (const x of r.intake.rejected) {
      expect(x.preview.length).toBeLessThanOrEqual(300)
      expect(x.preview).not.toContain(STREAM_KEY)
      expect(x.preview).not.toContain(SRT_SECRET)
    }
    // The headers are kept to read, the signature only as "[redacted]".
    const sent = r.intake.rejected.at(-1)!.headers
    expect(sent).toContainEqual({ name: 'content-type', value: 'application/json' })
    expect(sent).toContainEqual({ name: 'fastpix-signature', value: '[redacted]' })
    expect(r.intake.rejected[0]!.headers.some((h) => h.name === 'fastpix-signature')).toBe(false)
    const kept = JSON.stringify(r.intake.rejected.map((x) => x.headers))
    for (const [, , headers] of cases) {
      const signature = headers['fastpix-signature']
      if (signature && signature.length >= 8) expect(kept).not.toContain(signature)
    }
    expect(kept).not.toContain(good)
  })

  it('W2: a valid signature on bad content → 400 (recorded), prototype untouched', async () => {
    const before = r.intake.rejected.length
    const bodies: Array<[string, string | Buffer]> = [
      ['__proto__', '{"type":"video.live_stream.active","id":"p1","__proto__":{"polluted":true}}'],
      ['constructor', '{"type":"t","id":"p2","data":{"constructor":{"prototype":{"polluted":true}}}}'],
      ['not JSON', 'type=video.live_stream.active&id=1'],
      ['array', '[{"type":"t","id":"1"}]'],
      ['no id', '{"type":"video.live_stream.active"}'],
      ['no type', '{"id":"x"}'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
    ]
    for (const [name, body] of bodies) {
      const res = await post(r.url, body, signedHeaders(body))
      expect([name, res.status]).toEqual([name, 400])
      expect(typeof res.json.error).toBe('string')
    }
    expect(r.intake.rejected.slice(before).map((x) => x.status)).toEqual(bodies.map(() => 400))
    expect(r.intake.events.size).toBe(0)
    expect(prototypeIsClean()).toBe(true)
  })

  it('W7: unsigned empty body and {} → 200 probe (any or no content type), no event stored', async () => {
    const probesBefore = r.intake.probes.length
    const answers = [
      await rawRequest(r.port, head(r.port, { 'Content-Length': 0 })),
      await rawRequest(r.port, head(r.port, {})),
      await rawRequest(r.port, head(r.port, { 'Content-Length': 2 }), '{}'),
      await rawRequest(
        r.port,
        head(r.port, { 'Content-Type': 'application/json', 'Content-Length': 2 }),
        '{}',
      ),
      await rawRequest(
        r.port,
        head(r.port, { 'Content-Type': 'text/plain', 'Content-Length': 6 }),
        ' { }\n ',
      ),
      await rawRequest(
        r.port,
        head(r.port, { 'Content-Type': 'nonsense', 'Transfer-Encoding': 'chunked' }),
        '2\r\n{}\r\n0\r\n\r\n',
      ),
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.body)).toEqual({ ok: true, probe: true })
    }
    expect(r.intake.probes.length - probesBefore).toBe(answers.length)
    expect(r.intake.events.size).toBe(0)
  })

  it('415 for a non-empty body that is not application/json; recorded, nothing stored', async () => {
    const body = eventBody('e415')
    const before = r.intake.rejected.length
    const res = await post(r.url, body, { ...signedHeaders(body), 'content-type': 'text/plain' })
    expect(res.status).toBe(415)
    expect(r.intake.rejected.slice(before)).toMatchObject([
      {
        status: 415,
        reason: 'unsupported content type',
        size: Buffer.byteLength(body),
        headers: expect.arrayContaining([{ name: 'content-type', value: 'text/plain' }]),
      },
    ])
    const none = await rawRequest(
      r.port,
      head(r.port, { 'Content-Length': Buffer.byteLength(body), 'FastPix-Signature': sign(body, KEY) }),
      body,
    )
    expect(none.status).toBe(415)
    const charset = await post(r.url, body, {
      ...signedHeaders(body),
      'content-type': 'application/json; charset=utf-8',
    })
    expect(charset.status).toBe(202)
    expect(r.intake.events.has('e415')).toBe(true)
  })

  it('503 with Retry-After when the intake throws; the log line keeps no secret', async () => {
    r.intake.failWith(new Error(`SQLITE_FULL while writing streamKey=${STREAM_KEY}`))
    const body = eventBody('e503')
    const res = await post(r.url, body, signedHeaders(body))
    r.intake.failWith(null)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(log.lines.some((l) => l.includes('webhook intake failed'))).toBe(true)
    const retried = await post(r.url, body, signedHeaders(body))
    expect(retried).toMatchObject({ status: 202, json: { ok: true, duplicate: false } })
  })

  it('W9: no log line contains a secret; no per-request logging noise', () => {
    expect(log.lines.length).toBeGreaterThan(0)
    for (const line of log.lines) {
      expect(line).not.toContain(STREAM_KEY)
      expect(line).not.toContain(SRT_SECRET)
      expect(line).not.toContain('incoming request')
    }
  })
})

describe('unverified hold (no signing secret yet)', () => {
  let r: Receiver
  beforeAll(async () => {
    r = await startReceiver({ intake: { key: null } })
  })
  afterAll(async () => {
    await r.close()
  })

  it('holds signed and unsigned deliveries with their exact raw bytes and signature → 202', async () => {
    const body = eventBody('held-1', { streamKey: STREAM_KEY })
    const signature = sign(body, KEY)
    const res = await post(r.url, body, signedHeaders(body))
    expect(res).toMatchObject({ status: 202, json: { ok: true, duplicate: false, held: true } })
    expect(r.intake.held.get('held-1')?.raw.toString('utf8')).toBe(body)
    expect(r.intake.held.get('held-1')?.signature).toBe(signature)
    const event = r.intake.events.get('held-1')!
    expect(event.verification).toBe('unverified')
    expect(JSON.stringify(event.payload)).not.toContain(STREAM_KEY)

    const unsigned = eventBody('held-2')
    const res2 = await post(r.url, unsigned, { 'content-type': 'application/json' })
    expect(res2.status).toBe(202)
    expect(r.intake.held.get('held-2')?.signature).toBeNull()
  })

  it('bad input is still 400 without a secret; probes still 200', async () => {
    expect((await post(r.url, 'nope', { 'content-type': 'application/json' })).status).toBe(400)
    expect((await post(r.url, '{}', { 'content-type': 'application/json' })).json).toEqual({
      ok: true,
      probe: true,
    })
  })
})
