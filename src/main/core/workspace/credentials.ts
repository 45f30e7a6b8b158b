// Whether FastPix accepts the workspace's own access token, as every call of the live
// session's client tells (the start-up check, reconcile rounds, viewer counts, stream
// actions). A refusal opens an episode; the next call FastPix answers closes it, and so
// do new credentials FastPix accepted. The controller keeps one watch across sessions.
// Calls overlap (a round reads four streams at once): an answer counts only when its call
// began after the one that last changed the picture, so a success sent before the token
// was revoked never closes the episode that revocation opened.
import type { CredentialRejection, FastPixCall } from '../../../shared/workspace.ts'
import type { FastPixClient } from '../fastpix/client.ts'
import { FastPixError } from '../fastpix/errors.ts'

/** What a watched client tells: when a call begins (its number), and how it ended. */
export interface CallReport {
  begin(): number
  /** `error` is null when the call succeeded. */
  end(call: FastPixCall, error: unknown, begun: number): void
}

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
      const begun = report.begin()
      try {
        const value = await fn(...args)
        report.end(call, null, begun)
        return value
      } catch (error) {
        report.end(call, error, begun)
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

export interface CredentialWatch extends CallReport {
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
  let calls = 0
  /** The call whose answer last set the picture; older answers are stale. */
  let decidedBy = 0

  function close(): void {
    if (rejected === null) return
    rejected = null
    options.onChange(null)
  }

  return {
    begin: () => ++calls,
    end(call, error, begun) {
      const refusal = error === null ? null : rejectionOf(call, error)
      if (error !== null && refusal === null) return
      if (begun < decidedBy) return
      decidedBy = begun
      if (refusal === null) return close()
      if (rejected !== null) return
      rejected = { ...refusal, since: now() }
      options.onChange(rejected)
    },
    accepted() {
      // Calls already on their way used what came before.
      decidedBy = calls + 1
      close()
    },
    current: () => rejected,
  }
}
