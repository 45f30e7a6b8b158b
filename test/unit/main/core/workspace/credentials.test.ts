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
import type { CredentialRejection, FastPixCall } from '../../../../../src/shared/workspace.ts'

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
  /** One call, begun and ended at once. */
  const call = (watch: ReturnType<typeof createCredentialWatch>, c: FastPixCall, error: unknown) =>
    watch.end(c, error, watch.begin())

  it('one change per episode: opened by a refusal, closed by an answered call or accepted()', () => {
    let now = 1_000
    const changes: (CredentialRejection | null)[] = []
    const watch = createCredentialWatch({ now: () => now, onChange: (r) => changes.push(r) })
    call(watch, 'reconcile', null)
    call(watch, 'viewers', timeoutError(1000))
    expect(changes).toEqual([])
    call(watch, 'viewers', e401)
    now = 2_000
    call(watch, 'reconcile', e401)
    call(watch, 'action', e403)
    expect(watch.current()).toEqual({ status: 401, message: e401.message, during: 'viewers', since: 1_000 })
    expect(changes).toHaveLength(1)
    call(watch, 'reconcile', errorForStatus(500, null))
    expect(watch.current()).not.toBeNull()
    call(watch, 'check', null)
    expect(watch.current()).toBeNull()
    call(watch, 'check', null)
    call(watch, 'reconcile', e403)
    watch.accepted()
    watch.accepted()
    expect(changes.map((c) => c?.status ?? null)).toEqual([401, null, 403, null])
  })

  it('an answer to a call begun before the one that last changed the picture is stale', () => {
    const changes: (CredentialRejection | null)[] = []
    const watch = createCredentialWatch({ onChange: (r) => changes.push(r) })
    // A read goes out, the token is revoked, the next read is refused, then the first one's answer comes.
    const early = watch.begin()
    watch.end('reconcile', e401, watch.begin())
    watch.end('viewers', null, early)
    expect(watch.current()).toMatchObject({ status: 401 })
    // A refusal sent before a success that came back first does not reopen the episode.
    const late = watch.begin()
    watch.end('reconcile', null, watch.begin())
    watch.end('viewers', e401, late)
    expect(watch.current()).toBeNull()
    // New credentials accepted: calls already out with the old ones say nothing.
    const old = watch.begin()
    watch.accepted()
    watch.end('reconcile', e401, old)
    expect(watch.current()).toBeNull()
    call(watch, 'reconcile', e401)
    expect(changes.map((c) => c?.status ?? null)).toEqual([401, null, 401])
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
    const reports: [string, unknown, number][] = []
    let begun = 0
    const watched = reportingClient(client, {
      begin: () => ++begun,
      end: (call, error, n) => reports.push([call, error, n]),
    })
    expect(watched.baseUrl).toBe(client.baseUrl)
    expect(await watched.viewerCount('s1')).toBe(7)
    expect(client.viewerCount).toHaveBeenCalledWith('s1')
    await expect(watched.disableStream('s1')).rejects.toBe(failing)
    expect(reports).toEqual([
      ['viewers', null, 1],
      ['action', failing, 2],
    ])
  })
})
