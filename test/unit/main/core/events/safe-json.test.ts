import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  decodeUtf8,
  findPoison,
  MAX_JSON_DEPTH,
  safeParseJson,
} from '../../../../../src/main/core/events/safe-json.ts'

const SEED = 20_260_520

function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {}
  return (
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    Object.keys(Object.prototype).length === 0 &&
    Object.getOwnPropertyNames(Object.prototype).every((name) => name !== 'polluted' && name !== 'isAdmin')
  )
}

/** Puts `key: {polluted: true}` at a path of the given depth inside a JSON text. */
function nestAt(path: string[], key: string, inner: string): string {
  let text = `{"${key}":${inner},"ok":1}`
  for (const segment of [...path].reverse()) text = `{"${segment}":${text}}`
  return text
}

describe('safe JSON', () => {
  afterEach(() => {
    expect(prototypeIsClean()).toBe(true)
  })

  it('parses plain JSON objects', () => {
    expect(safeParseJson(Buffer.from('{"type":"x","id":"1","n":[1,{"a":null}]}'))).toEqual({
      ok: true,
      value: { type: 'x', id: '1', n: [1, { a: null }] },
    })
  })

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'body is not valid UTF-8'],
    ['a lone surrogate byte sequence', Buffer.from([0xed, 0xa0, 0x80]), 'body is not valid UTF-8'],
    ['empty', Buffer.alloc(0), 'empty body'],
    ['whitespace', Buffer.from(' \n\t'), 'empty body'],
    ['not JSON', Buffer.from('type=video.live_stream.active'), 'body is not valid JSON'],
    ['truncated JSON', Buffer.from('{"type":"x"'), 'body is not valid JSON'],
  ])('rejects %s with a short reason', (_name, raw, reason) => {
    expect(safeParseJson(raw)).toEqual({ ok: false, reason })
  })

  it('rejects nesting deeper than MAX_JSON_DEPTH and accepts up to it', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
    expect(safeParseJson(deep(MAX_JSON_DEPTH)).ok).toBe(true)
    expect(safeParseJson(deep(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, reason: 'JSON nested too deeply' })
    expect(safeParseJson(deep(200_000)).ok).toBe(false)
  })

  it('F3: __proto__ keys (also unicode-escaped) are refused', () => {
    expect(safeParseJson('{"__proto__":{"polluted":true}}')).toEqual({
      ok: false,
      reason: 'forbidden key "__proto__"',
    })
    expect(safeParseJson('{"a":[{"\\u005f_proto__":{"polluted":true}}]}').ok).toBe(false)
  })

  it('F3: constructor.prototype is refused; a harmless constructor key is kept', () => {
    expect(safeParseJson('{"constructor":{"prototype":{"polluted":true}}}')).toEqual({
      ok: false,
      reason: 'forbidden key "constructor.prototype"',
    })
    expect(safeParseJson('{"constructor":"a string","data":{"constructor":{"name":"x"}}}').ok).toBe(true)
  })

  it('F3 (property): injected __proto__ / constructor.prototype at random depths → rejected, prototypes unchanged', () => {
    const segment = fc.stringMatching(/^[a-z]{1,6}$/)
    const payload = fc.constantFrom('{"polluted":true}', '{"isAdmin":true,"toString":1}', '[{"polluted":1}]')
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 20 }),
        fc.constantFrom('__proto__', '\\u005f\\u005fproto\\u005f\\u005f', 'constructor'),
        payload,
        (path, key, inner) => {
          const value = key === 'constructor' ? `{"prototype":${inner}}` : inner
          const result = safeParseJson(Buffer.from(nestAt(path, key, value)))
          expect(result.ok).toBe(false)
          expect(prototypeIsClean()).toBe(true)
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('F3 (property): arbitrary JSON values parse without touching Object.prototype', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const result = safeParseJson(text)
        if (result.ok) expect(findPoison(result.value)).toBeNull()
        expect(prototypeIsClean()).toBe(true)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

describe('decodeUtf8', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true })
  const reference = (raw: Uint8Array): string | null => {
    try {
      return fatal.decode(raw)
    } catch {
      return null
    }
  }

  it('drops a leading BOM like a fatal TextDecoder, keeps a later one', () => {
    const bom = [0xef, 0xbb, 0xbf]
    expect(decodeUtf8(Uint8Array.from([...bom, 0x7b, 0x7d]))).toBe('{}')
    expect(decodeUtf8(Uint8Array.from([0x20, ...bom]))).toBe(' \ufeff')
    expect(safeParseJson(Buffer.from([...bom, ...Buffer.from('{"a":1}')]))).toEqual({
      ok: true,
      value: { a: 1 },
    })
  })

  it('property: the same text (or refusal) as a fatal TextDecoder, also for views into a larger buffer', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
      fc.string({ maxLength: 20 }).map((s) => new TextEncoder().encode(`\ufeff${s}`)),
    )
    fc.assert(
      fc.property(bytes, fc.nat(4), (raw, pad) => {
        const big = new Uint8Array(raw.length + 2 * pad)
        big.set(raw, pad)
        const view = big.subarray(pad, pad + raw.length)
        expect(decodeUtf8(raw)).toBe(reference(raw))
        expect(decodeUtf8(view)).toBe(reference(raw))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})
