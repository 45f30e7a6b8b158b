// The credential watch: which refusals count, one episode from the first refusal to the
// next answered call, and a client that reports every call without changing its answer.
import { describe, expect, it, vi } from 'vitest'
import type { FastPixClient } from '../../../../../src/main/core/fastpix/client.ts'
import { errorForStatus, FastPixError, timeoutError } from '../../../../../src/main/core/fastpix/errors.ts'
import {
  createCredentialWatch,
  rejectionOf,
  reportingClient,
} from '../../../../../src/main/core/workspace/credentials.ts'
import type { CredentialRejection } from '../../../../../src/shared/connection.ts'

const e401 = errorForStatus(401, null)
const e403 = errorForStatus(403, null)

describe('rejectionOf', () => {
  it('401 on any call, 403 on reads only; anything else says nothing about the token', () => {
    expect(rejectionOf('reconcile', e401)).toEqual({
      status: 401,
      message: e401.message,
      during: 'reconcile',
    })
    expect(rejectionOf('action', e401)).toMatchObject({ status: 401, during: 'action' })
    expect(rejectionOf('viewers', e403)).toEqual({ status: 403, message: e403.message, during: 'viewers' })
    expect(rejectionOf('action', e403)).toBeNull()
    for (const other of [errorForStatus(404, null), errorForStatus(503, null), timeoutError(1000)])
      expect(rejectionOf('reconcile', other)).toBeNull()
    expect(rejectionOf('check', new Error('401'))).toBeNull()
  })
})

describe('createCredentialWatch', () => {
  it('one change per episode: opened by a refusal, closed by an answered call or accepted()', () => {
    let now = 1_000
    const changes: (CredentialRejection | null)[] = []
    const watch = createCredentialWatch({ now: () => now, onChange: (r) => changes.push(r) })
    watch.report('reconcile', null)
    watch.report('viewers', timeoutError(1000))
    expect(changes).toEqual([])
    watch.report('viewers', e401)
    now = 2_000
    watch.report('reconcile', e401)
    watch.report('action', e403)
    expect(watch.current()).toEqual({ status: 401, message: e401.message, during: 'viewers', since: 1_000 })
    expect(changes).toHaveLength(1)
    watch.report('reconcile', errorForStatus(500, null))
    expect(watch.current()).not.toBeNull()
    watch.report('check', null)
    expect(watch.current()).toBeNull()
    watch.report('check', null)
    watch.report('reconcile', e403)
    watch.accepted()
    watch.accepted()
    expect(changes.map((c) => c?.status ?? null)).toEqual([401, null, 403, null])
  })
})

describe('reportingClient', () => {
  it('passes every call through and reports how it ended', async () => {
    const failing = new FastPixError({ kind: 'unauthorized', status: 401, message: 'no' })
    const client = {
      baseUrl: 'http://127.0.0.1:9/v1/',
      viewerCount: vi.fn(async () => 7),
      disableStream: vi.fn(async () => {
        throw failing
      }),
    } as unknown as FastPixClient
    const reports: [string, unknown][] = []
    const watched = reportingClient(client, (call, error) => reports.push([call, error]))
    expect(watched.baseUrl).toBe(client.baseUrl)
    expect(await watched.viewerCount('s1')).toBe(7)
    expect(client.viewerCount).toHaveBeenCalledWith('s1')
    await expect(watched.disableStream('s1')).rejects.toBe(failing)
    expect(reports).toEqual([
      ['viewers', null],
      ['action', failing],
    ])
  })
})
