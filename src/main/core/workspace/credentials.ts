// Whether FastPix accepts the workspace's own access token, as every call of the live
// session's client tells (the start-up check, reconcile rounds, viewer counts, stream
// actions). A refusal opens an episode; the next call FastPix answers closes it, and so
// do new credentials FastPix accepted. The controller keeps one watch across sessions.
import type { CredentialRejection, FastPixCall } from '../../../shared/connection.ts'
import type { FastPixClient } from '../fastpix/client.ts'
import { FastPixError } from '../fastpix/errors.ts'

/** A call ended: `error` is null when it succeeded. */
export type CallReport = (call: FastPixCall, error: unknown) => void

type Method = Exclude<keyof FastPixClient, 'baseUrl'>

const CALL_OF: Readonly<Record<Method, FastPixCall>> = {
  listStreams: 'reconcile',
  listAllStreams: 'reconcile',
  getStream: 'reconcile',
  getSimulcast: 'reconcile',
  viewerCount: 'viewers',
  verifyCredentials: 'check',
  enableStream: 'action',
  disableStream: 'action',
  finishStream: 'action',
  setSimulcastEnabled: 'action',
}

/** The same client, telling `report` how each call ended. */
export function reportingClient(client: FastPixClient, report: CallReport): FastPixClient {
  function watched<A extends unknown[], R>(method: Method, fn: (...args: A) => Promise<R>) {
    const call = CALL_OF[method]
    return async (...args: A): Promise<R> => {
      try {
        const value = await fn(...args)
        report(call, null)
        return value
      } catch (error) {
        report(call, error)
        throw error
      }
    }
  }
  return {
    baseUrl: client.baseUrl,
    listStreams: watched('listStreams', client.listStreams),
    listAllStreams: watched('listAllStreams', client.listAllStreams),
    getStream: watched('getStream', client.getStream),
    getSimulcast: watched('getSimulcast', client.getSimulcast),
    viewerCount: watched('viewerCount', client.viewerCount),
    verifyCredentials: watched('verifyCredentials', client.verifyCredentials),
    enableStream: watched('enableStream', client.enableStream),
    disableStream: watched('disableStream', client.disableStream),
    finishStream: watched('finishStream', client.finishStream),
    setSimulcastEnabled: watched('setSimulcastEnabled', client.setSimulcastEnabled),
  }
}

/**
 * What a failed call says about the token: 401 anywhere, or 403 on a read (the token lacks
 * Read). A 403 on a stream action is a token without Write (`actions.denied`); a timeout, a
 * 404 or FastPix's own trouble says nothing about the token either way.
 */
export function rejectionOf(call: FastPixCall, error: unknown): Omit<CredentialRejection, 'since'> | null {
  if (!(error instanceof FastPixError)) return null
  if (error.kind === 'unauthorized') return { status: 401, message: error.message, during: call }
  if (error.kind === 'forbidden' && call !== 'action')
    return { status: 403, message: error.message, during: call }
  return null
}

export interface CredentialWatch {
  readonly report: CallReport
  /** New credentials FastPix just accepted are in use: any episode is over. */
  accepted(): void
  current(): CredentialRejection | null
}

export function createCredentialWatch(options: {
  now?: () => number
  /** An episode began (`rejection`) or ended (null). */
  onChange(rejection: CredentialRejection | null): void
}): CredentialWatch {
  const now = options.now ?? Date.now
  let rejected: CredentialRejection | null = null

  function end(): void {
    if (rejected === null) return
    rejected = null
    options.onChange(null)
  }

  return {
    report(call, error) {
      if (error === null) return end()
      const refusal = rejectionOf(call, error)
      if (refusal === null || rejected !== null) return
      rejected = { ...refusal, since: now() }
      options.onChange(rejected)
    },
    accepted: end,
    current: () => rejected,
  }
}
