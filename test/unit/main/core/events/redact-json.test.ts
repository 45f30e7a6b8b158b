import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventBody } from '../../../../../bench/support/payload.ts'
import { REDACTED, redactRecord } from '../../../../../src/main/core/events/redact.ts'
import { payloadJson, redactParsed, rememberJson } from '../../../../../src/main/core/events/redact-json.ts'

const SEED = 20_261_207

/** The one-copy path must give exactly what the general redaction gives, and its JSON. */
function expectSameAsGeneral(input: Record<string, unknown>): void {
  const parsed = JSON.parse(JSON.stringify(input)) as Record<string, unknown>
  const { record, json } = redactParsed(parsed)
  const general = redactRecord(parsed)
  expect(record).toEqual(general)
  expect(json).toBe(JSON.stringify(general))
}

describe('redactParsed', () => {
  it('redacts a FastPix live-stream delivery like redactRecord, in one copy', () => {
    const body = JSON.parse(eventBody(3)) as Record<string, unknown>
    const { record, json } = redactParsed(body)
    expect(record).toEqual(redactRecord(body))
    expect(json).toBe(JSON.stringify(record))
    expect(json).not.toContain('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6')
    expect((record.data as Record<string, unknown>).streamKey).toBe(REDACTED)
  })

  it('falls back to the general redaction when a secret shows up under another key', () => {
    const input = { data: { streamKey: 'k1-aaaaaaaa', note: 'the key is k1-aaaaaaaa' } }
    expectSameAsGeneral(input)
    expect(redactParsed(input).json).not.toContain('k1-aaaaaaaa')
    // Earlier in the walk than the secret's own key, and as a key.
    expectSameAsGeneral({ a: 'k1-aaaaaaaa!', 'k1-aaaaaaaa': 1, z: { token: 'k1-aaaaaaaa' } })
  })

  it('masks URL credentials and key paths anywhere, like redactRecord', () => {
    expectSameAsGeneral({ rtmpUrl: 'rtmp://x.example/app/KEY-0123456789', copy: 'see KEY-0123456789' })
    expectSameAsGeneral({ note: 'rtmps://bob:hunter22@ingest.example/app', mail: 'a@b.example' })
    expect(redactParsed({ note: 'rtmps://bob:hunter22@ingest.example/app' }).json).not.toContain('hunter22')
  })

  it('treats a secret key holding an object, and secrets inside it, like redactRecord', () => {
    expectSameAsGeneral({ streamKey: { inner: { token: 'tok-12345678' } }, other: 'tok-12345678' })
    expectSameAsGeneral({ secret: 12345678, password: true, token: '', authtoken: null })
  })

  it('keeps escapes, __proto__-free keys and deep nesting exactly', () => {
    expectSameAsGeneral({ streamKey: 'quote"back\\slash\nline', text: 'quote"back\\slash\nline' })
    let deep: Record<string, unknown> = { leaf: 'x' }
    for (let i = 0; i < 70; i++) deep = { d: deep, list: [[i]] }
    expectSameAsGeneral(deep)
  })

  it('property: the same result as redactRecord for random payloads with secrets (fixed seed)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9_"\\-]{6,20}$/)
    const key = fc.constantFrom('streamKey', 'srt_secret', 'TOKEN', 'rtmpUrl', 'url', 'name', 'note', 'id')
    const leaf = fc.oneof(
      secret,
      secret.map((s) => `rtmp://host.example/app/${s}`),
      secret.map((s) => `rtmps://u:${s}@host.example/live`),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    )
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('array')),
      array: fc.array(tie('tree'), { maxLength: 3 }),
      object: fc.dictionary(fc.oneof(key, fc.string({ maxLength: 6 })), tie('tree'), { maxKeys: 5 }),
    }))
    const payload = fc.dictionary(fc.oneof(key, fc.string({ maxLength: 6 })), tree, { maxKeys: 6 })
    fc.assert(
      fc.property(payload, (p) => {
        const parsed = JSON.parse(JSON.stringify(p)) as Record<string, unknown>
        const { record, json } = redactParsed(parsed)
        const general = redactRecord(parsed)
        expect(record).toEqual(general)
        expect(json).toBe(JSON.stringify(general))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

describe('payloadJson', () => {
  it('answers the remembered text of a payload, and stringifies any other', () => {
    const payload = { a: 1 }
    expect(payloadJson(payload)).toBe('{"a":1}')
    rememberJson(payload, '{"a":1}')
    expect(payloadJson(payload)).toBe('{"a":1}')
    expect(payloadJson({ b: [2] })).toBe('{"b":[2]}')
  })
})
