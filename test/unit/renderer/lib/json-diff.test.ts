import { describe, expect, it } from 'vitest'
import { diffJson, diffMarks } from '../../../../src/renderer/src/lib/json-diff.ts'
import { childPath, jsonEqual, previewOf } from '../../../../src/renderer/src/lib/json-path.ts'

describe('json paths', () => {
  it('reads like the code a person would type', () => {
    expect(childPath('', 'data')).toBe('data')
    expect(childPath('data', 'metadata')).toBe('data.metadata')
    expect(childPath('data.playbackIds', 0)).toBe('data.playbackIds[0]')
    expect(childPath('data', 'odd key')).toBe('data["odd key"]')
    expect(childPath('', '0abc')).toBe('["0abc"]')
  })

  it('compares JSON structurally, ignoring key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true)
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual({}, [])).toBe(false)
  })

  it('previews long values on one line', () => {
    expect(previewOf('x'.repeat(200), 20)).toHaveLength(20)
    expect(previewOf({ a: 1 })).toBe('{"a":1}')
    expect(previewOf(undefined)).toBe('undefined')
  })
})

describe('diffJson', () => {
  it('lists changed, added and removed paths in document order', () => {
    const before = {
      type: 'video.live_stream.preparing',
      data: { status: 'preparing', metadata: { name: 'Main' }, old: true, streamKey: '[redacted]' },
    }
    const after = {
      type: 'video.live_stream.active',
      data: { status: 'active', metadata: { name: 'Main', region: 'eu' }, streamKey: '[redacted]' },
    }
    const diff = diffJson(before, after)
    expect(diff.truncated).toBe(false)
    expect(diff.entries).toEqual([
      {
        path: 'type',
        kind: 'changed',
        before: 'video.live_stream.preparing',
        after: 'video.live_stream.active',
      },
      { path: 'data.status', kind: 'changed', before: 'preparing', after: 'active' },
      { path: 'data.metadata.region', kind: 'added', after: 'eu' },
      { path: 'data.old', kind: 'removed', before: true },
    ])
    expect(diffMarks(diff).get('data.metadata.region')).toBe('added')
  })

  it('compares arrays by index and reports type changes as one change', () => {
    const diff = diffJson({ ids: [1, 2, 3], x: { a: 1 } }, { ids: [1, 5], x: 'now a string' })
    expect(diff.entries).toEqual([
      { path: 'ids[1]', kind: 'changed', before: 2, after: 5 },
      { path: 'ids[2]', kind: 'removed', before: 3 },
      { path: 'x', kind: 'changed', before: { a: 1 }, after: 'now a string' },
    ])
  })

  it('finds nothing between equal payloads and stops at the limit', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }).entries).toEqual([])
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]))
    const diff = diffJson({}, many, 10)
    expect(diff.entries).toHaveLength(10)
    expect(diff.truncated).toBe(true)
  })

  it('names a whole-payload change', () => {
    expect(diffJson(1, 2).entries).toEqual([
      { path: '(whole payload)', kind: 'changed', before: 1, after: 2 },
    ])
  })
})
