import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactText, redactUrl } from '../../../../../src/main/core/events/redact.ts'
import { previewOf } from '../../../../../src/main/core/receiver/delivery.ts'

const SEED = 20_260_520

describe('redact (structured)', () => {
  it('replaces every listed secret key, any case, any depth, in arrays too', () => {
    const input = {
      streamKey: 'k1-aaaaaaaa',
      data: {
        SRTSECRET: 'k2-aaaaaaaa',
        srtSecert: 'k3-aaaaaaaa',
        srtPlaybackResponse: { srtPlaybackStreamId: 'play1', srtPlaybackSecret: 'k4-aaaaaaaa' },
        list: [{ secret: 'k5-aaaaaaaa' }, { secretKey: 'k6-aaaaaaaa', password: 'k7-aaaaaaaa' }],
        creds: { token: 'k8-aaaaaaaa', authtoken: 'k9-aaaaaaaa', signingSecret: 'kA', accessToken: 'kB' },
        stream_key: 'kC-aaaaaaaa',
      },
    }
    const out = redact(input) as typeof input
    expect(out.streamKey).toBe(REDACTED)
    expect(out.data.srtPlaybackResponse).toEqual({
      srtPlaybackStreamId: 'play1',
      srtPlaybackSecret: REDACTED,
    })
    expect(out.data.list).toEqual([{ secret: REDACTED }, { secretKey: REDACTED, password: REDACTED }])
    expect(Object.values(out.data.creds)).toEqual([REDACTED, REDACTED, REDACTED, REDACTED])
    expect(JSON.stringify(out)).not.toMatch(/k[0-9A-C]-a/)
    // A deep copy: the input is untouched.
    expect(input.streamKey).toBe('k1-aaaaaaaa')
  })

  it('keeps null and empty secrets as they are (nothing to hide), replaces objects whole', () => {
    expect(redact({ streamKey: null, token: '', secret: { a: 1 } })).toEqual({
      streamKey: null,
      token: '',
      secret: REDACTED,
    })
  })

  it('destination URLs keep scheme, host and first segment', () => {
    const out = redact({
      rtmpUrl: 'rtmp://hyd01.contribute.live-video.net/app/live_1012464221_DuM8W004MoZYNxQEZ0czODgfHCFBhk',
      url: 'rtmps://user:pw@live.example.com:443/rtmp/FB-1?s=1#x',
      rtmpsUrl: 'rtmps://host.example/app',
      note: 'pushed to srt://bob:hunter2hunter2@host.example:9000',
    })
    expect(out).toEqual({
      rtmpUrl: 'rtmp://hyd01.contribute.live-video.net/app/[redacted]',
      url: 'rtmps://[redacted]@live.example.com:443/rtmp/[redacted]?[redacted]#[redacted]',
      rtmpsUrl: 'rtmps://host.example/app',
      note: 'pushed to srt://[redacted]@host.example:9000',
    })
  })

  it('scrubs copies of secret values found elsewhere in the payload', () => {
    const out = redact({ streamKey: 'abcd-efgh-ijkl', metadata: { note: 'key is abcd-efgh-ijkl' } })
    expect(out).toEqual({ streamKey: REDACTED, metadata: { note: `key is ${REDACTED}` } })
  })

  it('never throws: cycles, depth, odd values, throwing getters', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(redact(cyclic)).toEqual({ a: 1, self: '[circular]' })
    let deep: unknown = 'leaf'
    for (let i = 0; i < 500; i++) deep = { d: deep }
    expect(() => JSON.stringify(redact(deep))).not.toThrow()
    const hostile = {
      get boom(): never {
        throw new Error('getter')
      },
    }
    expect(() => redact(hostile)).not.toThrow()
    expect(redact({ n: 1n, f: () => 1, d: new Date(0), b: Buffer.from('x') })).toEqual({
      n: '1',
      f: undefined,
      d: '1970-01-01T00:00:00.000Z',
      b: '[binary]',
    })
  })

  it('a "__proto__" key in the input stays a plain data key in the copy', () => {
    const input = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown
    const out = redact(input) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.hasOwn(out, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('redactUrl / redactText', () => {
  it.each([
    [
      'rtmp://hyd01.contribute.live-video.net/app/KEY',
      'rtmp://hyd01.contribute.live-video.net/app/[redacted]',
    ],
    ['rtmp://a.rtmp.youtube.com/live2', 'rtmp://a.rtmp.youtube.com/live2'],
    ['srt://host:9000?streamid=abc&passphrase=x', 'srt://host:9000?[redacted]'],
    ['live.example.com/app/KEY', 'live.example.com/app/[redacted]'],
  ])('redactUrl(%s)', (input, expected) => {
    expect(redactUrl(input)).toBe(expected)
  })

  it('masks values after secret-like keys in non-JSON text, including cut-off values', () => {
    expect(redactText('streamKey=abc123&x=1')).toBe(`streamKey=${REDACTED}&x=1`)
    expect(redactText('{"srt_secret": "s3cr3t", "status":"idle"}')).toBe(
      `{"srt_secret": "${REDACTED}", "status":"idle"}`,
    )
    expect(redactText('{"token":{"a":"x","b":[1,2]},"ok":1}')).toBe(`{"token":${REDACTED},"ok":1}`)
    expect(redactText('{"password":"unterminated')).toBe(`{"password":"${REDACTED}"`)
  })

  it('masks long high-entropy tokens but keeps UUIDs, event types and plain words', () => {
    const text =
      'id 5d0c3a1e-0000-4000-8000-000000000001 type video.live_stream.simulcast_target.broadcasting'
    expect(redactText(text)).toBe(text)
    expect(redactText('key 81ta-sr0p-hrpr-t5tt-6bed end')).toBe(`key ${REDACTED} end`)
    expect(redactText('Bearer eyJhbGciOiJIUzI1NiJ9xyzXYZ123')).toBe(`Bearer ${REDACTED}`)
  })

  it('limits length, strips control characters, never throws', () => {
    const out = redactText(`${'a '.repeat(400)}\u0000\u001b[31m`, 300)
    expect(out.length).toBeLessThanOrEqual(300)
    expect(redactText('a\u0000b\u001bc')).toBe('a?b?c')
    expect(() => redactText(Symbol('x') as unknown as string)).not.toThrow()
  })

  it('a token cut at the scan window is dropped, not shown in part', () => {
    const token = 'Zq7AAAAbbbb1111ccccDDDD2222eeee'
    const text = `${'x '.repeat(4090)}${token}`
    expect(redactText(text)).not.toContain('Zq7')
  })
})

// ── W9: secrets at random depths and keys never survive redaction ─────────────────
const SECRET_KEYS = [
  'streamKey',
  'srtSecret',
  'srtSecert',
  'srtPlaybackSecret',
  'secret',
  'secretKey',
  'password',
  'token',
  'authtoken',
  'signingSecret',
  'accessToken',
]
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const secretKeyArb = fc
  .tuple(fc.constantFrom(...SECRET_KEYS), fc.constantFrom('as-is', 'upper', 'lower', 'snake'))
  .map(([key, style]) =>
    style === 'upper'
      ? key.toUpperCase()
      : style === 'lower'
        ? key.toLowerCase()
        : style === 'snake'
          ? snake(key)
          : key,
  )
// Secrets carry a marker no noise value can produce ("Zq7": noise is lower-case only).
const secretArb = fc.stringMatching(/^[A-Za-z0-9_-]{9,30}$/).map((s) => `Zq7${s}`)
const urlKeyArb = fc.constantFrom('rtmpUrl', 'url', 'rtmpsUrl', 'RTMPURL', 'rtmp_url')
const urlForms: Array<(s: string) => string> = [
  (s) => `rtmp://hyd01.contribute.live-video.net/app/${s}`,
  (s) => `rtmps://live-api-s.facebook.com:443/rtmp/${s}/more`,
  (s) => `srt://ingest.example:9000?streamid=${s}`,
  (s) => `https://ingest.example/app/x?key=${s}`,
  (s) => `rtmp://user:${s}@ingest.example/app`,
]
const placementArb = fc.oneof(
  fc.tuple(secretKeyArb, secretArb).map(([k, s]) => [k, s] as const),
  fc.tuple(secretKeyArb, secretArb).map(([k, s]) => [k, { nested: s, list: [s] }] as const),
  fc
    .tuple(urlKeyArb, secretArb, fc.nat(urlForms.length - 1))
    .map(([k, s, i]) => [k, urlForms[i]!(s)] as const),
  fc
    .tuple(fc.stringMatching(/^[a-z]{1,8}$/), secretArb)
    .map(([k, s]) => [k, `see rtmps://bob:${s}@ingest.example/app`] as const),
)
const noiseArb = fc.oneof(
  fc.stringMatching(/^[a-z .:/-]{0,20}$/),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, noiseArb, tie('object'), tie('array')),
  array: fc.array(tie('tree'), { maxLength: 3 }),
  object: fc
    .tuple(
      fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), tie('tree'), { maxKeys: 4 }),
      fc.array(placementArb, { maxLength: 2 }),
    )
    .map(([object, placements]) => {
      for (const [key, value] of placements) object[key] = value
      return object
    }),
}))
const payloadArb = fc
  .tuple(fc.array(placementArb, { minLength: 1, maxLength: 3 }), tree)
  .map(([top, data]) => ({ type: 'video.live_stream.active', id: 'evt', data, ...Object.fromEntries(top) }))

/** Every secret in the input, and every 8-character window of each (no partial leaks). */
function secretWindows(input: unknown): string[] {
  const secrets = JSON.stringify(input).match(/Zq7[A-Za-z0-9_-]+/g) ?? []
  const windows = new Set<string>(['Zq7'])
  for (const secret of secrets)
    for (let i = 0; i + 8 <= secret.length; i++) windows.add(secret.slice(i, i + 8))
  return [...windows]
}

function assertNoSecret(label: string, output: string, windows: string[]): void {
  for (const w of windows) if (output.includes(w)) throw new Error(`${label} leaks "${w}": ${output}`)
}

describe('W9 redaction property (fast-check, fixed seed)', () => {
  it('W9: redact() output and its JSON never contain a secret', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const windows = secretWindows(payload)
        assertNoSecret('redact', JSON.stringify(redact(payload)), windows)
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('W9: redactText previews of the raw text (compact and pretty) never contain a secret', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const windows = secretWindows(payload)
        for (const text of [JSON.stringify(payload), JSON.stringify(payload, null, 2)]) {
          assertNoSecret('redactText', redactText(text), windows)
          assertNoSecret('redactText(300)', redactText(text, 300), windows)
          assertNoSecret('previewOf', previewOf(Buffer.from(text)), windows)
          const preview = previewOf(Buffer.from(text))
          expect(preview.length).toBeLessThanOrEqual(300)
        }
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
