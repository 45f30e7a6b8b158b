// Connecting a real FastPix workspace: what the connect screens show and send.
// Shared by the core (the workspace controller), both hosts and the renderer.
// Secrets travel only renderer → core inside ConnectInput / the signing secret call;
// nothing here going back to the renderer carries one (only `…Set` flags).
import { z } from 'zod'
import type { Millis } from './domain.ts'

/**
 * off: not started or stopped. connecting: a connect is in flight. online: the public URL works.
 * error: ngrok refused (bad authtoken, domain); offline: ngrok could not be reached or did not answer.
 */
export type TunnelState = 'off' | 'connecting' | 'online' | 'error' | 'offline'

export interface TunnelStatus {
  state: TunnelState
  /** The public origin while online, e.g. `https://example.ngrok-free.app`; otherwise null. */
  url: string | null
  /** Plain words, set in `error` and `offline` only. */
  error: string | null
  /** When the tunnel entered this status (ms since epoch). */
  since: number
  /** Connect attempts since the tunnel was last online; 0 while online or off. */
  attempt: number
  /** When the next connect starts by itself; null if none is planned. */
  nextRetryAt: number | null
}

export type WorkspaceMode = 'demo' | 'live'

/** How FastPix reaches the webhook receiver. */
export type PublicUrlMode = 'ngrok' | 'own'

export interface FastPixCheck {
  /** unset: no credentials yet; checking: a call is in flight; ok / error: the last call's answer. */
  state: 'unset' | 'checking' | 'ok' | 'error'
  /** Plain words for `error` (401/403 explained). */
  error: string | null
  /** Streams the workspace had at the last good check. */
  streams: number | null
  checkedAt: Millis | null
}

/** What the monitor was doing with FastPix when it refused the workspace's access token. */
export type FastPixCall = 'check' | 'reconcile' | 'viewers' | 'action'

/**
 * FastPix refused the workspace's own access token on a call the monitor made: 401 (the
 * token ID and secret key do not match, or the token was deleted) or 403 on a read (the
 * token lacks Read). Cleared by the next call FastPix answers. A 403 on a stream action
 * only means the token cannot write: that is `actions.denied`, not this.
 */
export interface CredentialRejection {
  status: 401 | 403
  /** FastPix's refusal in words. */
  message: string
  during: FastPixCall
  /** When this episode began (ms since epoch). */
  since: Millis
}

export interface ReconcileStatus {
  state: 'off' | 'idle' | 'running' | 'error'
  lastAt: Millis | null
  lastError: string | null
  /** Corrections applied since start (each is on its stream's timeline). */
  corrections: number
}

/**
 * The desktop app writes the Secret Key, signing secret and ngrok authtoken to disk only
 * encrypted by an OS keyring. Without one (Linux's `basic_text` fallback) it keeps them
 * only until it quits, and `reason` says so in words. `serve` writes nothing (`persistent`).
 */
export interface KeyringStatus {
  secretsPersisted: boolean
  reason: string | null
}

export interface WorkspaceStatus {
  mode: WorkspaceMode
  /** Grows by one whenever the workspace is switched (demo ↔ live): a page showing another generation reloads. */
  generation: number
  /** Nothing chosen yet: the first-run screen offers the demo or connecting a workspace. */
  firstRun: boolean
  /** Whether what is entered here is kept across restarts (the desktop app) or only while this run lasts (`serve`). */
  persistent: boolean
  /** Whether the secrets entered here are written to disk (see KeyringStatus). */
  keyring: KeyringStatus
  fastpix: FastPixCheck & {
    credentialsSet: boolean
    /** Last 4 characters of the Access Token ID, to recognise it. */
    idHint: string | null
    /** Set while FastPix refuses the saved credentials (live workspace only). */
    rejected: CredentialRejection | null
  }
  signingSecretSet: boolean
  publicUrl: {
    mode: PublicUrlMode | null
    /** The public origin (tunnel or own), null until known. */
    url: string | null
    /** The URL to paste into FastPix: `<url>/webhooks/fastpix`. */
    webhookUrl: string | null
    ngrokAuthtokenSet: boolean
    ngrokDomain: string | null
    /** Where the real workspace's receiver listens (what a reverse proxy forwards to); null when any free port. */
    receiverUrl: string | null
  }
  tunnel: TunnelStatus | null
  /** FastPix's unsigned validation probe, the latest one. */
  probeReceivedAt: Millis | null
  /** Deliveries held unverified until the signing secret is set. */
  heldDeliveries: number
  /** "FastPix is configured with the old URL …" when deliveries last came to another public URL. */
  urlWarning: string | null
  reconcile: ReconcileStatus
  /**
   * Operator actions on streams (enable/disable/finish, simulcast targets on/off) through
   * FastPix's REST API: `available` when credentials are set; `denied` once FastPix said the
   * token lacks write permission (403), with its words.
   */
  actions: { available: boolean; denied: string | null }
}

export type StreamAction =
  | { streamId: string; action: 'enable' | 'disable' | 'finish' }
  | { streamId: string; simulcastId: string; action: 'enable-target' | 'disable-target' }

const fastpixId = z.string().regex(/^[\w-]{1,255}$/, 'not a FastPix id')

export const streamActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ streamId: fastpixId, action: z.enum(['enable', 'disable', 'finish']) }),
  z.strictObject({
    streamId: fastpixId,
    simulcastId: fastpixId,
    action: z.enum(['enable-target', 'disable-target']),
  }),
])

export interface CredentialsInput {
  accessTokenId: string
  secretKey: string
}

export interface ConnectInput extends CredentialsInput {
  publicUrl: { mode: 'ngrok'; authtoken: string; domain?: string } | { mode: 'own'; url: string }
}

export interface SigningSecretResult {
  released: number
  rejected: number
}

const trimmed = (max: number) => z.string().trim().min(1).max(max)

export const credentialsInputSchema = z.strictObject({
  accessTokenId: trimmed(255),
  secretKey: trimmed(1024),
})

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'expected a domain like example.ngrok.app',
  )

/** An https origin (no path, query or credentials) a reverse proxy forwards to the receiver. */
export const publicOriginSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const u = new URL(value)
      return (
        u.protocol === 'https:' &&
        u.username === '' &&
        u.password === '' &&
        u.pathname === '/' &&
        u.search === '' &&
        u.hash === ''
      )
    } catch {
      return false
    }
  }, 'expected an https origin like https://monitor.example.com (no path: /webhooks/fastpix is added)')
  .transform((value) => new URL(value).origin)

export const connectInputSchema = credentialsInputSchema.extend({
  publicUrl: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('ngrok'), authtoken: trimmed(512), domain: hostName.optional() }),
    z.strictObject({ mode: z.literal('own'), url: publicOriginSchema }),
  ]),
})

export const signingSecretSchema = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9+/=_-]+$/, 'the signing secret FastPix shows is Base64 text')
