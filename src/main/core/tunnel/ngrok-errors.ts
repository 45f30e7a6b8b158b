// @ngrok/ngrok errors in plain words. Every error it throws has code "GenericFailure";
// ngrok's own reason is an `ERR_NGROK_<n>` at the end of the message, and network
// failures carry none ("failed to connect session: failed to establish tcp connection").
import { TunnelError } from './types.ts'

export const UNREACHABLE_MESSAGE = 'could not reach ngrok (no internet?)'

const AUTH_CODES = new Set(['ERR_NGROK_105', 'ERR_NGROK_107', 'ERR_NGROK_302', 'ERR_NGROK_4018'])
const SESSION_LIMIT = 'ERR_NGROK_108'
const ENDPOINT_ALREADY_ONLINE = 'ERR_NGROK_334'

export function ngrokErrorCode(message: string): string | null {
  return /\bERR_NGROK_\d+\b/.exec(message)?.[0] ?? null
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function unreachable(message: string): TunnelError {
  if (/tls handshake/i.test(message)) {
    return new TunnelError('unreachable', 'could not reach ngrok (the secure connection failed)')
  }
  return new TunnelError('unreachable', UNREACHABLE_MESSAGE)
}

/** An error from SessionBuilder.connect(). */
export function sessionError(error: unknown): TunnelError {
  const message = messageOf(error)
  const code = ngrokErrorCode(message)
  if (code === null) return unreachable(message)
  if (AUTH_CODES.has(code)) return new TunnelError('config', `ngrok rejected the authtoken (${code})`)
  if (code === SESSION_LIMIT) {
    return new TunnelError('refused', `another ngrok agent is already online for this account (${code})`)
  }
  return new TunnelError('refused', `ngrok refused the session (${code})`)
}

/** An error from starting the HTTP endpoint on a connected session. */
export function listenError(error: unknown, domain: string | null): TunnelError {
  const message = messageOf(error)
  const code = ngrokErrorCode(message)
  if (code === null) return unreachable(message)
  if (code === ENDPOINT_ALREADY_ONLINE) {
    return new TunnelError(
      'refused',
      `${domain ?? 'the endpoint'} is already online in another ngrok session (${code})`,
    )
  }
  if (domain !== null) {
    return new TunnelError(
      'config',
      `ngrok refused the domain ${domain} (${code}); check it in your ngrok dashboard`,
    )
  }
  return new TunnelError('refused', `ngrok refused the tunnel (${code})`)
}
