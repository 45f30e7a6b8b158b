import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  emptySuccessSchema,
  errorEnvelopeSchema,
  simulcastResponseSchema,
  streamListResponseSchema,
  streamResponseSchema,
  streamSchema,
  viewerCountResponseSchema,
} from '../../../../../src/main/core/fastpix/schemas.ts'
// Real FastPix responses (test/fixtures/fastpix/rest, copied from the shared FastPix reference).
import { exampleFiles, restExample } from '../../../../support/fastpix-examples.ts'

const SCHEMA_FOR: Record<string, z.ZodType> = {
  'GET_live_streams.200.json': streamListResponseSchema,
  'GET_live_streams_streamId.200.json': streamResponseSchema,
  'GET_simulcast_simulcastId.200.json': simulcastResponseSchema,
  'GET_viewer-count.200.json': viewerCountResponseSchema,
  'PATCH_live_streams_streamId.200.json': streamResponseSchema,
  'POST_live_streams.201.json': streamResponseSchema,
  'POST_simulcast.201.json': simulcastResponseSchema,
  'PUT_finish.400.json': errorEnvelopeSchema,
  'PUT_live-disable.200.json': emptySuccessSchema,
  'PUT_simulcast_simulcastId.200.json': simulcastResponseSchema,
}
const example = restExample

describe('captured FastPix responses', () => {
  const files = exampleFiles()

  it('every example file has a schema', () => {
    expect(files.length).toBeGreaterThanOrEqual(10)
    expect(files.filter((f) => !(f in SCHEMA_FOR))).toEqual([])
  })

  it.each(files)('%s parses', (file) => {
    const schema = SCHEMA_FOR[file]
    if (!schema) throw new Error(`no schema for ${file}`)
    const result = schema.safeParse(example(file))
    expect(result.error?.issues ?? []).toEqual([])
  })

  it('keeps what the monitor reads from the list, simulcast targets included', () => {
    const list = streamListResponseSchema.parse(example('GET_live_streams.200.json'))
    expect(list.pagination).toEqual({ totalRecords: 2, currentOffset: 1, offsetCount: 1 })
    expect(list.data.map((s) => [s.streamId, s.status, s.metadata?.name])).toEqual([
      ['2e5ecebd2883279a1f67c19d8d99fa2a', 'idle', undefined],
      ['04f2ff997551bfeb99db3e099e8e85c8', 'idle', 'fastpix_livestream'],
    ])
    expect(list.data[1]?.simulcastResponses?.[0]).toMatchObject({
      simulcastId: 'c0da2202b40efcc3dd25718c40aba9c8',
      isEnabled: true,
    })
    expect(list.data[0]?.simulcastResponses).toBeUndefined()
  })
})

describe('leniency', () => {
  const minimal = { streamId: 'abc', status: 'idle', createdAt: '2026-05-20T10:10:00.333884Z' }

  it('needs only streamId, status and createdAt; accepts an unknown status; drops unknown keys', () => {
    const parsed = streamSchema.parse({ ...minimal, status: 'archived', somethingNew: { x: 1 } })
    expect(parsed).toEqual({ ...minimal, status: 'archived' })
  })

  it('still checks the type of every known field it gets', () => {
    for (const bad of [
      { ...minimal, status: 3 },
      { ...minimal, metadata: { n: 1 } },
      { ...minimal, simulcastResponses: [{ simulcastId: 'x', isEnabled: 'yes' }] },
      { ...minimal, maxDuration: -1 },
      { status: 'idle', createdAt: 'x' },
    ])
      expect(streamSchema.safeParse(bad).success).toBe(false)
  })

  it('the error envelope tolerates missing parts and keeps field reports', () => {
    expect(errorEnvelopeSchema.parse({ success: false, error: {} })).toEqual({ success: false, error: {} })
    const withFields = {
      success: false,
      error: { code: 422, message: 'invalid', fields: [{ field: 'limit', message: 'too big' }] },
    }
    expect(errorEnvelopeSchema.parse(withFields)).toEqual(withFields)
  })
})
