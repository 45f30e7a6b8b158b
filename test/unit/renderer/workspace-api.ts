// A fake of the workspace half of MonitorApi for renderer tests: each call is a vi.fn the
// test can inspect or re-answer, and the page reload is caught instead of performed.
import { vi } from 'vitest'
import { MonitorApiError } from '../../../src/renderer/src/api/link.ts'
import { setStateApi } from '../../../src/renderer/src/state/api-ref.ts'
import { setPageReload } from '../../../src/renderer/src/state/workspace.ts'
import type { MonitorApi, WorkspaceApi } from '../../../src/shared/api.ts'
import type { FastPixCheck } from '../../../src/shared/workspace.ts'
import { makeConnection, makeLiveConnection, T0 } from './fixtures.ts'

/** The words the core answers for a refused token (its explanation of a 401). */
export const REFUSED =
  'FastPix refused these credentials (401): check the Access Token ID and Secret Key, and that the token belongs to this workspace.'

export const GOOD_SECRET_KEY = 'good-secret-key'

export function fakeWorkspaceApi(extra: Partial<MonitorApi> = {}) {
  const api = {
    getWorkspaceStatus: vi.fn<WorkspaceApi['getWorkspaceStatus']>(async () => makeConnection()),
    testCredentials: vi.fn<WorkspaceApi['testCredentials']>(
      async (input): Promise<FastPixCheck> =>
        input.secretKey === GOOD_SECRET_KEY
          ? { state: 'ok', error: null, streams: 7, checkedAt: T0 }
          : { state: 'error', error: REFUSED, streams: null, checkedAt: T0 },
    ),
    connectWorkspace: vi.fn<WorkspaceApi['connectWorkspace']>(async () =>
      makeLiveConnection({ generation: 2 }),
    ),
    setSigningSecret: vi.fn<WorkspaceApi['setSigningSecret']>(async () => ({ released: 3, rejected: 1 })),
    useDemo: vi.fn<WorkspaceApi['useDemo']>(async () => makeConnection({ generation: 2 })),
    reconcileNow: vi.fn<WorkspaceApi['reconcileNow']>(async () => ({
      state: 'running',
      lastAt: T0,
      lastError: null,
      corrections: 0,
    })),
    reconnectTunnel: vi.fn<WorkspaceApi['reconnectTunnel']>(async () => makeLiveConnection()),
    runStreamAction: vi.fn<WorkspaceApi['runStreamAction']>(async () => makeLiveConnection()),
  }
  setStateApi({ ...api, ...extra } as Partial<MonitorApi> as MonitorApi)
  const reload = vi.fn()
  const previous = setPageReload(reload)
  return {
    api,
    reload,
    /** Puts the real reload back and disconnects the fake. */
    restore(): void {
      setPageReload(previous)
      setStateApi(null)
    },
  }
}

export function refusal(message: string, status = 400): MonitorApiError {
  return new MonitorApiError(status, 'refused', message)
}
