import { describe, expect, it } from 'vitest'
import {
  CHILDREN_SHOWN,
  formatLeaf,
  kindOf,
  openByDefault,
  prettyJson,
  summaryOf,
} from '../../../../src/renderer/src/lib/json-tree.ts'

describe('json tree model', () => {
  it('tells node kinds apart, the redaction marker included', () => {
    expect(kindOf({})).toBe('object')
    expect(kindOf([])).toBe('array')
    expect(kindOf('x')).toBe('string')
    expect(kindOf('[redacted]')).toBe('redacted')
    expect(kindOf(1.5)).toBe('number')
    expect(kindOf(false)).toBe('boolean')
    expect(kindOf(null)).toBe('null')
  })

  it('summarises collapsed containers and formats leaves as JSON', () => {
    expect(summaryOf({ a: 1, b: 2 })).toBe('{ 2 keys }')
    expect(summaryOf({ a: 1 })).toBe('{ 1 key }')
    expect(summaryOf([1])).toBe('[ 1 item ]')
    expect(summaryOf([])).toBe('[]')
    expect(summaryOf({})).toBe('{}')
    expect(formatLeaf('a "b"')).toBe('"a \\"b\\""')
    expect(formatLeaf(null)).toBe('null')
  })

  it('opens the top levels and small nodes, not huge or empty ones', () => {
    expect(openByDefault({ a: 1 }, 0)).toBe(true)
    expect(openByDefault({}, 0)).toBe(false)
    expect(
      openByDefault(
        Array.from({ length: CHILDREN_SHOWN + 1 }, () => 0),
        1,
      ),
    ).toBe(false)
    expect(openByDefault({ a: 1, b: 2 }, 3)).toBe(true)
    expect(openByDefault({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, 2)).toBe(false)
    expect(openByDefault({ a: 1 }, 4)).toBe(false)
  })

  it('pretty-prints for the copy button', () => {
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}')
  })
})
