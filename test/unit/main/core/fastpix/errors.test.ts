import { describe, expect, it } from 'vitest'
import {
  badResponse,
  errorForStatus,
  FastPixError,
  networkError,
  timeoutError,
} from '../../../../../src/main/core/fastpix/errors.ts'

describe('errorForStatus', () => {
  it.each([
    [400, 'invalid-request', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not-found', false],
    [408, 'timeout', true],
    [409, 'invalid-request', false],
    [422, 'invalid-request', false],
    [429, 'rate-limited', true],
    [500, 'server', true],
    [501, 'server', false],
    [502, 'server', true],
    [503, 'server', true],
    [504, 'server', true],
    [524, 'timeout', true],
    [302, 'bad-response', false],
  ])('%i → %s (retryable: %s)', (status, kind, retryable) => {
    const error = errorForStatus(status, null)
    expect(error).toBeInstanceOf(FastPixError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ kind, status, retryable, name: 'FastPixError', attempts: 1 })
    expect(error.message).toContain(`(${status})`)
  })

  it('says what to do about 401 and 403, in plain words', () => {
    expect(errorForStatus(401, null).message).toBe(
      'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.',
    )
    expect(errorForStatus(403, null).message).toBe(
      'This access token lacks permission for that (403). Give it FastPix Video Read (and Write for stream actions).',
    )
  })

  it("keeps FastPix's own message and description, and quotes the reason for a refused request", () => {
    const error = errorForStatus(400, {
      code: 400,
      message: 'stream cannot be completed',
      description: 'Only active streams can be marked as completed.',
    })
    expect(error.apiMessage).toBe('stream cannot be completed')
    expect(error.apiDescription).toBe('Only active streams can be marked as completed.')
    expect(error.message).toBe(
      'FastPix refused the request (400): Only active streams can be marked as completed.',
    )
    expect(errorForStatus(409, { message: 'conflict' }).message).toBe(
      'FastPix refused the request (409): conflict.',
    )
    expect(errorForStatus(400, null).message).toBe('FastPix refused the request (400).')
  })

  it('flattens and bounds server text', () => {
    const error = errorForStatus(400, { message: 'a\nb\u0000c', description: 'x'.repeat(1000) })
    expect(error.apiMessage).toBe('a b c')
    expect(error.apiDescription).toHaveLength(300)
    expect(errorForStatus(400, { message: '  ' }).apiMessage).toBeNull()
  })
})

describe('errors without a response', () => {
  it('timeout names the limit', () => {
    expect(timeoutError(10_000).message).toBe(
      'FastPix did not answer within 10 s. Check the internet connection, or try again later.',
    )
    expect(timeoutError(2500).message).toContain('within 2.5 s')
    expect(timeoutError(100)).toMatchObject({ kind: 'timeout', status: null, retryable: true })
  })

  it('network names the host and the socket error code found in the cause chain', () => {
    const cause = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
    })
    const error = networkError('api.fastpix.com', cause)
    expect(error.message).toBe(
      'Could not reach FastPix at api.fastpix.com (ENOTFOUND). Check the internet connection, proxy or firewall.',
    )
    expect(error).toMatchObject({ kind: 'network', status: null, retryable: true })
    expect(error.cause).toBe(cause)
    expect(networkError('h', new Error('no code')).message).toContain('at h. Check')
  })

  it('bad-response names the field and is not retried', () => {
    const error = badResponse('data.0.status', 'Invalid input: expected string, received number', 200)
    expect(error).toMatchObject({
      kind: 'bad-response',
      field: 'data.0.status',
      status: 200,
      retryable: false,
    })
    expect(error.message).toContain('data.0.status')
  })
})
