// The workspace the monitor watches (the demo or a real FastPix one) as the core reports
// it, and the connect screens' calls. Switching workspaces replaces every piece of data
// the page holds, so the page reloads instead of patching itself.

import type { ReceiverStatus } from '../../../shared/api.ts'
import type {
  ConnectInput,
  CredentialsInput,
  FastPixCheck,
  SigningSecretResult,
  StreamAction,
  WorkspaceStatus,
} from '../../../shared/workspace.ts'
import { isLocalAddress } from '../lib/webhook-address.ts'
import { storeApi } from './api-ref.ts'

export interface Request {
  state: 'idle' | 'sending' | 'error'
  error: string | null
}

export interface WorkspaceSwitch {
  /** switching: the call is in flight; reloading: it worked and the page is being reloaded. */
  state: 'idle' | 'switching' | 'reloading' | 'error'
  /** Which choice was made: the demo, or connecting a real workspace. */
  target: 'demo' | 'live' | null
  error: string | null
}

export interface SigningSecretSave {
  state: 'idle' | 'saving' | 'saved' | 'error'
  error: string | null
  /** What setting the secret did to the held deliveries. */
  result: SigningSecretResult | null
}

export interface WorkspaceState {
  /** As the core last reported it (snapshot, batches, answers); null until loaded. */
  workspaceStatus: WorkspaceStatus | null
  /** The generation this page loaded with; another one means the data here is another workspace's. */
  pageGeneration: number | null
  /** Set once a reload is under way (nothing else should start). */
  reloading: boolean
  /** The credential check of the connect form. */
  credentialCheck: FastPixCheck
  workspaceSwitch: WorkspaceSwitch
  signingSecret: SigningSecretSave
  reconcileRequest: Request
  tunnelRetry: Request
  /** The last operator action on a stream or target, and how FastPix answered. */
  streamAction: {
    state: 'idle' | 'sending' | 'done' | 'error'
    action: StreamAction | null
    error: string | null
  }
}

export interface WorkspaceSlice extends WorkspaceState {
  loadWorkspaceStatus(): Promise<void>
  checkCredentials(input: CredentialsInput): Promise<void>
  /** The credentials being edited no longer match the last check. */
  clearCredentialCheck(): void
  connectWorkspace(input: ConnectInput): Promise<boolean>
  switchToDemo(): Promise<boolean>
  saveSigningSecret(secret: string): Promise<boolean>
  reconcileNow(): Promise<boolean>
  reconnectTunnel(): Promise<boolean>
  runStreamAction(action: StreamAction): Promise<boolean>
}

/** Where FastPix should post, and the receiver on this computer. */
export interface WebhookAddresses {
  /** A real workspace (not the demo). */
  live: boolean
  /** The URL to add in FastPix; null while there is none (not set up, tunnel not online). Never a local one. */
  public: string | null
  /** The receiver on this computer (only local senders reach it), when known. */
  local: string | null
}

/** From the connection status (the public side) and the receiver (its own listener). */
export function selectWebhookAddresses(s: {
  workspaceStatus: WorkspaceStatus | null
  receiver: ReceiverStatus | null
}): WebhookAddresses {
  const connection = s.workspaceStatus
  const live = connection ? connection.mode === 'live' : s.receiver?.demo === false
  // The receiver reports the tunnel's URL while it was last online: only a local one is its listener.
  const listener = s.receiver && isLocalAddress(s.receiver.webhookUrl) ? s.receiver.webhookUrl : null
  if (!live) return { live, public: null, local: listener }
  const url = connection?.publicUrl.webhookUrl ?? null
  return {
    live,
    public: url !== null && !isLocalAddress(url) ? url : null,
    local: connection?.publicUrl.receiverUrl ?? listener,
  }
}

export const UNCHECKED: FastPixCheck = { state: 'unset', error: null, streams: null, checkedAt: null }
const IDLE: Request = { state: 'idle', error: null }

export const initialWorkspace: WorkspaceState = {
  workspaceStatus: null,
  pageGeneration: null,
  reloading: false,
  credentialCheck: UNCHECKED,
  workspaceSwitch: { state: 'idle', target: null, error: null },
  signingSecret: { state: 'idle', error: null, result: null },
  reconcileRequest: IDLE,
  tunnelRetry: IDLE,
  streamAction: { state: 'idle', action: null, error: null },
}

let reloadPage = (): void => window.location.reload()

/** Tests put a fake in place of `window.location.reload()`; returns the one it replaced. */
export function setPageReload(reload: () => void): () => void {
  const previous = reloadPage
  reloadPage = reload
  return previous
}

/** Reloads the page once; later calls while it is under way do nothing. */
export function reloadOnce(get: () => Pick<WorkspaceState, 'reloading'>, set: Set): void {
  if (get().reloading) return
  set({ reloading: true })
  reloadPage()
}

export interface WorkspaceStatusSeen {
  state: Partial<WorkspaceState>
  /** The status belongs to another workspace generation than the one on the page. */
  switched: boolean
}

/** What a reported status changes; the first one seen fixes the page's generation. */
export function workspaceStatusSeen(
  s: Pick<WorkspaceState, 'pageGeneration' | 'workspaceStatus'>,
  connection: WorkspaceStatus | null | undefined,
): WorkspaceStatusSeen {
  if (!connection) return { state: {}, switched: false }
  // Batches repeat the picture whenever receiver counts move: an unchanged one keeps its
  // object, so the components that show it don't render again for every delivery.
  if (s.pageGeneration !== null && sameValue(s.workspaceStatus, connection))
    return { state: {}, switched: connection.generation !== s.pageGeneration }
  if (s.pageGeneration === null)
    return { state: { workspaceStatus: connection, pageGeneration: connection.generation }, switched: false }
  return { state: { workspaceStatus: connection }, switched: connection.generation !== s.pageGeneration }
}

/** Structural equality of JSON-shaped values (what the wire carries). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka)
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  return true
}

const messageOf = (error: unknown): string => (error as Error).message || 'the monitor did not answer'

type Set = (partial: Partial<WorkspaceState> | ((s: WorkspaceState) => Partial<WorkspaceState>)) => void
type Get = () => WorkspaceState

export function createWorkspaceSlice(set: Set, get: Get): WorkspaceSlice {
  let check = 0

  function take(connection: WorkspaceStatus): void {
    const seen = workspaceStatusSeen(get(), connection)
    set(seen.state)
    if (seen.switched) reloadOnce(get, set)
  }

  async function request(
    key: 'reconcileRequest' | 'tunnelRetry',
    call: () => Promise<void>,
  ): Promise<boolean> {
    const put = (r: Request): void =>
      set(key === 'reconcileRequest' ? { reconcileRequest: r } : { tunnelRetry: r })
    put({ state: 'sending', error: null })
    try {
      await call()
      put(IDLE)
      return true
    } catch (error) {
      put({ state: 'error', error: messageOf(error) })
      return false
    }
  }

  async function switchTo(target: 'demo' | 'live', call: () => Promise<WorkspaceStatus>): Promise<boolean> {
    set({ workspaceSwitch: { state: 'switching', target, error: null } })
    try {
      await call()
      set({ workspaceSwitch: { state: 'reloading', target, error: null } })
      // Whatever the generation says: the page now shows the other workspace's data, or none.
      reloadOnce(get, set)
      return true
    } catch (error) {
      set({ workspaceSwitch: { state: 'error', target, error: messageOf(error) } })
      return false
    }
  }

  return {
    ...initialWorkspace,
    async loadWorkspaceStatus() {
      try {
        take(await storeApi().getWorkspaceStatus())
      } catch {
        // The snapshot and the batches bring it too.
      }
    },
    async checkCredentials(input) {
      const mine = ++check
      set({ credentialCheck: { ...UNCHECKED, state: 'checking' } })
      try {
        const result = await storeApi().testCredentials(input)
        if (mine === check) set({ credentialCheck: result })
      } catch (error) {
        if (mine === check)
          set({ credentialCheck: { ...UNCHECKED, state: 'error', error: messageOf(error), checkedAt: null } })
      }
    },
    clearCredentialCheck() {
      check++
      if (get().credentialCheck.state !== 'unset') set({ credentialCheck: UNCHECKED })
    },
    connectWorkspace: (input) => switchTo('live', () => storeApi().connectWorkspace(input)),
    switchToDemo: () => switchTo('demo', () => storeApi().useDemo()),
    async saveSigningSecret(secret) {
      set({ signingSecret: { state: 'saving', error: null, result: null } })
      try {
        const result = await storeApi().setSigningSecret(secret)
        set((s) => ({
          signingSecret: { state: 'saved', error: null, result },
          // The batch says so too; until it comes, do not offer the form again.
          ...(s.workspaceStatus
            ? { workspaceStatus: { ...s.workspaceStatus, signingSecretSet: true, heldDeliveries: 0 } }
            : {}),
        }))
        return true
      } catch (error) {
        set({ signingSecret: { state: 'error', error: messageOf(error), result: null } })
        return false
      }
    },
    reconcileNow: () =>
      request('reconcileRequest', async () => {
        const reconcile = await storeApi().reconcileNow()
        set((s) => (s.workspaceStatus ? { workspaceStatus: { ...s.workspaceStatus, reconcile } } : {}))
      }),
    reconnectTunnel: () =>
      request('tunnelRetry', async () => {
        take(await storeApi().reconnectTunnel())
      }),
    async runStreamAction(action) {
      set({ streamAction: { state: 'sending', action, error: null } })
      try {
        take(await storeApi().runStreamAction(action))
        set({ streamAction: { state: 'done', action, error: null } })
        return true
      } catch (error) {
        set({ streamAction: { state: 'error', action, error: messageOf(error) } })
        // A refusal for lack of permission changes what the page offers.
        storeApi()
          .getWorkspaceStatus()
          .then(take, () => {})
        return false
      }
    },
  }
}
