import { describe, expect, it, vi } from 'vitest'
import {
  type DeliveryInput,
  handleDelivery,
  isJsonMediaType,
  isProbeBody,
  previewOf,
} from '../../../../../src/main/core/receiver/delivery.ts'
import { sign, verifySignature } from '../../../../../src/main/core/receiver/signature.ts'
import { createMemoryIntake } from '../../../../support/memory-intake.ts'

const KEY = Buffer.from('unit-test-signing-key')
const EVENT = Buffer.from('{"type":"video.live_stream.active","id":"e1","object":{"type":"live","id":"s1"}}')
const JSON_CT = 'application/json'

function input(raw: Buffer | string, extra: Partial<DeliveryInput> = {}): DeliveryInput {
  return { raw: Buffer.from(raw), signature: null, contentType: JSON_CT, receivedAt: 1_000, ...extra }
}

function setup(key: Buffer | null = KEY) {
  const intake = createMemoryIntake({ key })
  const verify = vi.fn(verifySignature)
  return { intake, verify, deps: { intake, verify } }
}

describe('probe detection and media types', () => {
  it.each(['', '{}', ' { } ', '\n{\r\n\t}\n', '   '])('%j is a probe body', (body) => {
    expect(isProbeBody(Buffer.from(body))).toBe(true)
  })
  it.each(['{"a":1}', '[]', 'null', '{}{}', '{ }x', '\u00a0{}'])('%j is not a probe body', (body) => {
    expect(isProbeBody(Buffer.from(body))).toBe(false)
  })
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    [' application/json ;charset=UTF-8', true],
    ['application/jsonx', false],
    ['application/vnd.api+json', false],
    ['text/plain', false],
    ['', false],
    [undefined, false],
  ] as const)('isJsonMediaType(%j) = %s', (ct, expected) => {
    expect(isJsonMediaType(ct)).toBe(expected)
  })
})

describe('handleDelivery — the receiver contract without HTTP', () => {
  it('W7: unsigned empty body or {} → 200 probe, whatever the content type, no HMAC', async () => {
    const { intake, verify, deps } = setup()
    for (const [raw, contentType] of [
      ['', undefined],
      ['{}', 'text/plain'],
      [' {\n} ', JSON_CT],
    ] as const) {
      const answer = await handleDelivery(input(raw, { contentType }), deps)
      expect(answer).toMatchObject({ status: 200, body: { ok: true, probe: true }, outcome: 'probe' })
    }
    expect(intake.probes).toHaveLength(3)
    expect(intake.events.size).toBe(0)
    expect(verify).not.toHaveBeenCalled()
  })

  it('a signed {} is not a probe: verified, then 400 for the missing type', async () => {
    const { intake, deps } = setup()
    const answer = await handleDelivery(input('{}', { signature: sign('{}', KEY) }), deps)
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error: 'missing event type' } })
    expect(intake.probes).toHaveLength(0)
    expect(intake.rejected[0]).toMatchObject({ status: 400, reason: 'missing event type', size: 2 })
  })

  it('415 for a non-empty body that is not application/json, before any HMAC', async () => {
    const { intake, verify, deps } = setup()
    for (const contentType of ['text/plain', undefined, 'application/x-www-form-urlencoded']) {
      const answer = await handleDelivery(input(EVENT, { contentType, signature: sign(EVENT, KEY) }), deps)
      expect(answer.status).toBe(415)
    }
    expect(verify).not.toHaveBeenCalled()
    expect(intake.events.size).toBe(0)
  })

  it('valid signature → accept → 202, then 202 duplicate', async () => {
    const { intake, deps } = setup()
    const signed = input(EVENT, {
      signature: sign(EVENT, KEY),
      contentType: 'application/json; charset=utf-8',
    })
    expect(await handleDelivery(signed, deps)).toMatchObject({
      status: 202,
      body: { ok: true, duplicate: false },
    })
    expect(await handleDelivery(signed, deps)).toMatchObject({
      status: 202,
      body: { ok: true, duplicate: true },
    })
    expect(intake.events.get('e1')).toMatchObject({
      verification: 'verified',
      streamId: 's1',
      duplicateCount: 1,
    })
  })

  it('missing or wrong signature with a key → 401, recorded with a redacted preview', async () => {
    const { intake, deps } = setup()
    const secretBody = Buffer.from('{"type":"t","id":"x","data":{"streamKey":"live_1234567890abcdefXYZ"}}')
    expect(await handleDelivery(input(secretBody), deps)).toMatchObject({
      status: 401,
      body: { ok: false, error: 'missing signature' },
    })
    expect(await handleDelivery(input(secretBody, { signature: sign(EVENT, KEY) }), deps)).toMatchObject({
      status: 401,
      body: { ok: false, error: 'signature mismatch' },
    })
    expect(intake.rejected.map((r) => [r.status, r.reason, r.size])).toEqual([
      [401, 'missing signature', secretBody.length],
      [401, 'signature mismatch', secretBody.length],
    ])
    for (const r of intake.rejected) {
      expect(r.preview).not.toContain('live_1234567890abcdefXYZ')
      expect(r.preview.length).toBeLessThanOrEqual(300)
    }
    expect(intake.events.size).toBe(0)
  })

  it('no key yet → held unverified with raw bytes and signature → 202', async () => {
    const { intake, verify, deps } = setup(null)
    const answer = await handleDelivery(input(EVENT, { signature: 'whatever' }), deps)
    expect(answer).toMatchObject({
      status: 202,
      body: { ok: true, duplicate: false, held: true },
      outcome: 'held',
    })
    expect(intake.events.get('e1')?.verification).toBe('unverified')
    expect(intake.held.get('e1')).toEqual({ raw: EVENT, signature: 'whatever' })
    await handleDelivery(input(EVENT), deps)
    expect(intake.counters.duplicates).toBe(1)
    expect(verify).not.toHaveBeenCalled()
  })

  it('no key yet and bad input → 400 (recorded), nothing held', async () => {
    const { intake, deps } = setup(null)
    for (const raw of ['not json', '[1]', '{"type":"t"}', '{"__proto__":{"x":1},"type":"t","id":"1"}']) {
      expect((await handleDelivery(input(raw), deps)).status).toBe(400)
    }
    expect(intake.held.size).toBe(0)
    expect(intake.rejected.map((r) => r.status)).toEqual([400, 400, 400, 400])
  })

  it('an intake commit failure propagates (the route answers 503)', async () => {
    const { intake, deps } = setup()
    intake.failWith(new Error('SQLITE_FULL: database or disk is full'))
    await expect(handleDelivery(input(EVENT, { signature: sign(EVENT, KEY) }), deps)).rejects.toThrow(
      'SQLITE_FULL',
    )
  })

  it('a failure to record a rejection or probe never turns bad input into a 5xx', async () => {
    const { intake, deps } = setup()
    intake.failWith(new Error('disk full'))
    const rejected = await handleDelivery(input(EVENT), deps)
    expect(rejected).toMatchObject({ status: 401 })
    expect(rejected.recordError).toBeInstanceOf(Error)
    const probe = await handleDelivery(input(''), deps)
    expect(probe).toMatchObject({ status: 200 })
    expect(probe.recordError).toBeInstanceOf(Error)
  })

  it('W11: only a new, verified delivery hands its origin on', async () => {
    const origin = 'https://claimed.example'
    const seen: string[] = []
    const heard = (intake: ReturnType<typeof createMemoryIntake>) =>
      Object.assign(intake, { addressedTo: (o: string) => seen.push(o) })
    const { deps } = setup()
    heard(deps.intake)
    await handleDelivery(input('{}', { origin }), deps)
    await handleDelivery(input(EVENT, { origin }), deps)
    await handleDelivery(input(EVENT, { origin, signature: 'AAAA' }), deps)
    expect(seen).toEqual([])
    await handleDelivery(input(EVENT, { origin, signature: sign(EVENT, KEY) }), deps)
    expect(seen).toEqual([origin])
    await handleDelivery(
      input(EVENT, { origin: 'https://replay.example', signature: sign(EVENT, KEY) }),
      deps,
    )
    expect(seen).toEqual([origin])
    const held = setup(null)
    heard(held.intake)
    await handleDelivery(input(EVENT, { origin, signature: sign(EVENT, KEY) }), held.deps)
    expect(held.intake.held.size).toBe(1)
    expect(seen).toEqual([origin])
  })

  it('previewOf keeps at most 300 characters of a huge body', () => {
    expect(previewOf(Buffer.alloc(1_000_000, 'a')).length).toBeLessThanOrEqual(300)
    expect(previewOf(Buffer.from([0xff, 0xfe, 0x41]))).toContain('A')
  })
})
