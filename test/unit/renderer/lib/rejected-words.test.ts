// Each reason the receiver records gets its own words and advice.
import { describe, expect, it } from 'vitest'
import { rejectionWords, statusText } from '../../../../src/renderer/src/lib/rejected-words.ts'
import { hrefOf, parseRoute } from '../../../../src/renderer/src/router.ts'

describe('rejection words', () => {
  const cases: [number, string, string, RegExp][] = [
    [
      401,
      'signature mismatch',
      'bad-signature',
      /signing secret in Settings matches the webhook's in FastPix/,
    ],
    [401, 'missing signature', 'unsigned', /validation request \(an empty body or \{\}\)/],
    [
      401,
      'held delivery: signature does not match the signing secret',
      'held-bad-signature',
      /signing secret in Settings matches/,
    ],
    [401, 'held delivery: no signature', 'held-bad-signature', /signing secret/],
    [415, 'unsupported content type', 'content-type', /Content-Type: application\/json/],
    [413, 'body over the size limit', 'too-large', /not a FastPix event/],
    [400, 'body is not valid JSON', 'not-json', /JSON object/],
    [400, 'body is not valid UTF-8', 'not-json', /JSON object/],
    [400, 'empty body', 'not-json', /JSON object/],
    [400, 'missing event type', 'not-an-event', /"type" and an "id"/],
    [400, 'missing event id', 'not-an-event', /"type" and an "id"/],
    [400, 'body is an array, not an event', 'not-an-event', /"type" and an "id"/],
    [400, 'forbidden key "__proto__"', 'unsafe-json', /never sends such keys/],
    [400, 'JSON nested too deeply', 'unsafe-json', /never sends such keys/],
    [401, 'some other wording', 'bad-signature', /signing secret/],
    [418, 'teapot', 'other', /reason above/],
  ]
  it.each(cases)('%i %s → %s', (status, reason, kind, advice) => {
    const words = rejectionWords({ status, reason })
    expect(words.kind).toBe(kind)
    expect(words.advice).toMatch(advice)
    expect(words.title.length).toBeGreaterThan(0)
  })

  it('names the answer', () => {
    expect(statusText(401)).toBe('401 Unauthorized')
    expect(statusText(413)).toBe('413 Content Too Large')
    expect(statusText(415)).toBe('415 Unsupported Media Type')
    expect(statusText(599)).toBe('599')
  })
})

describe('rejected routes', () => {
  it('links one rejected delivery and reads the link back', () => {
    expect(hrefOf({ view: 'rejected', seq: 42 })).toBe('#/rejected/42')
    expect(hrefOf({ view: 'rejected' })).toBe('#/rejected')
    expect(parseRoute('#/rejected/42')).toEqual({ view: 'rejected', seq: 42 })
    expect(parseRoute('#/rejected')).toEqual({ view: 'rejected' })
    expect(parseRoute('#/rejected/abc')).toEqual({ view: 'board' })
    expect(parseRoute('#/rejected/1e9')).toEqual({ view: 'board' })
  })
})
