// `serve`'s real-workspace settings from flags and the environment. Secrets come only
// from the environment (or a file it names), never from flags: flags show up in `ps`.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { publicOriginSchema } from '../../shared/workspace.ts'
import { WEBHOOK_PATH } from '../core/receiver/webhook-app.ts'
import type { ServeOptions } from './host.ts'

/** A secret from `NAME`, or from the file `NAME_FILE` names. */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | null {
  const direct = env[name]?.trim()
  if (direct) return direct
  const file = env[`${name}_FILE`]
  if (file) return readFileSync(file, 'utf8').trim() || null
  return null
}

/** The real workspace's settings from flags and the environment; throws with words when they do not fit together. */
export function liveSettings(
  values: { 'fastpix-token-id'?: string; 'public-url'?: string; 'ngrok-domain'?: string },
  env: NodeJS.ProcessEnv,
): Pick<ServeOptions, 'fastpix' | 'publicUrl'> {
  const tokenId = values['fastpix-token-id']?.trim() || env.FASTPIX_ACCESS_TOKEN_ID?.trim() || null
  const secretKey = secretFromEnv(env, 'FASTPIX_SECRET_KEY')
  if ((tokenId === null) !== (secretKey === null)) {
    throw new Error(
      tokenId === null
        ? 'FASTPIX_SECRET_KEY is set but no Access Token ID: pass --fastpix-token-id or set FASTPIX_ACCESS_TOKEN_ID'
        : 'an Access Token ID is given but FASTPIX_SECRET_KEY (or FASTPIX_SECRET_KEY_FILE) is not set',
    )
  }
  const authtoken = secretFromEnv(env, 'NGROK_AUTHTOKEN')
  const own = values['public-url']
  if (own !== undefined && authtoken !== null)
    throw new Error(
      'choose one way in: --public-url (your own proxy) or NGROK_AUTHTOKEN (an ngrok tunnel), not both',
    )
  if (values['ngrok-domain'] !== undefined && authtoken === null)
    throw new Error('--ngrok-domain needs NGROK_AUTHTOKEN (or NGROK_AUTHTOKEN_FILE)')
  let publicUrl: ServeOptions['publicUrl'] = null
  if (own !== undefined) {
    const parsed = publicOriginSchema.safeParse(own)
    if (!parsed.success) throw new Error(`--public-url: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`)
    // The schema keeps only the origin: a path would be dropped silently and FastPix sent past the proxy's prefix.
    if (new URL(own.trim()).pathname !== '/')
      throw new Error(
        `--public-url: expected the origin only, like https://monitor.example.com (${WEBHOOK_PATH} is added), not a path`,
      )
    publicUrl = { mode: 'own', url: parsed.data }
  } else if (authtoken !== null) {
    publicUrl = { mode: 'ngrok', authtoken, domain: values['ngrok-domain']?.trim().toLowerCase() || null }
  }
  return { fastpix: tokenId && secretKey ? { accessTokenId: tokenId, secretKey } : null, publicUrl }
}

/** A flag or setting that does not fit: `serve` says why and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** How the dashboard listener is exposed (`--listen`, `--public-host`, TLS, `--trust-proxy`). */
export interface ListenSettings {
  /** The address the dashboard listener binds; 127.0.0.1 unless chosen. */
  listen: string
  /** Host names (NAME or NAME:PORT, lower case) the Host and Origin checks accept besides 127.0.0.1 and localhost. */
  publicHosts: string[]
  /** PEM certificate and key: the dashboard is served over https. */
  tls: { cert: Buffer; key: Buffer } | null
  /** Whose `X-Forwarded-*` to believe: nobody (false), every peer (true) or these addresses/CIDRs. */
  trustProxy: boolean | string[]
}

export const DEFAULT_LISTEN = '127.0.0.1'

export interface ListenValues {
  listen?: string
  'public-host'?: string[]
  'tls-cert'?: string
  'tls-key'?: string
  'trust-proxy'?: string
}

/** The listener's address as it appears in a URL or a Host header (IPv6 in brackets). */
export function urlHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address
}

/** True for the wildcard addresses, which no browser can name in a Host header. */
export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::'
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/

/** `NAME[:PORT]` as a Host header spells it, lower case; throws with words. */
export function publicHostOf(value: string): string {
  const text = value.trim().toLowerCase()
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(text)
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text)
  const name = bracketed?.[1] ?? plain?.[1]
  const port = bracketed?.[2] ?? plain?.[2]
  const validName = bracketed
    ? isIP(name ?? '') === 6
    : name !== undefined && (HOST_NAME.test(name) || isIP(name) === 4)
  if (!validName)
    throw new UsageError(
      `--public-host: expected a host name like monitor.example.com, an IPv4 address or [IPv6], optionally with :PORT, got "${value}"`,
    )
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535))
    throw new UsageError(`--public-host: the port must be 1–65535, got "${value}"`)
  return bracketed ? `[${name}]${port ? `:${port}` : ''}` : text
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function trustProxyOf(value: string): boolean | string[] {
  const text = value.trim().toLowerCase()
  if (text === 'true' || text === '') return true
  if (text === 'false') return false
  const entries = text.split(',').map((entry) => entry.trim())
  for (const entry of entries) {
    if (PROXY_NAMES.has(entry)) continue
    const [address = '', prefix, extra] = entry.split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? 0 : Number(prefix)
    const max = family === 6 ? 128 : 32
    if (
      family === 0 ||
      extra !== undefined ||
      (prefix !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= max && /^\d+$/.test(prefix)))
    )
      throw new UsageError(
        `--trust-proxy: expected true, or a comma-separated list of proxy addresses or CIDR ranges (like 127.0.0.1,10.0.0.0/8), got "${entry}"`,
      )
  }
  return entries
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    const err = error as NodeJS.ErrnoException
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message
    throw new UsageError(`${flag}: cannot read ${path} (${why})`)
  }
}

/** The certificate and key, checked to be PEM and to belong together; throws with words. */
export function tlsFiles(certPath: string, keyPath: string): { cert: Buffer; key: Buffer } {
  const cert = readPem(certPath, '--tls-cert')
  const key = readPem(keyPath, '--tls-key')
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    throw new UsageError(
      `--tls-cert: ${certPath} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`,
    )
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(key)
  } catch {
    throw new UsageError(
      `--tls-key: ${keyPath} is not an unencrypted PEM private key (expected "-----BEGIN PRIVATE KEY-----")`,
    )
  }
  if (!x509.checkPrivateKey(privateKey))
    throw new UsageError(`--tls-key: ${keyPath} is not the private key of the certificate in ${certPath}`)
  return { cert, key }
}

/**
 * The dashboard listener's exposure from flags, or else the environment
 * (FASTPIX_MONITOR_LISTEN, _PUBLIC_HOST comma-separated, _TLS_CERT, _TLS_KEY, _TRUST_PROXY).
 */
export function listenSettings(values: ListenValues, env: NodeJS.ProcessEnv): ListenSettings {
  const fromEnv = (name: string): string | undefined => env[`FASTPIX_MONITOR_${name}`]?.trim() || undefined
  const listen = (values.listen ?? fromEnv('LISTEN') ?? DEFAULT_LISTEN).trim()
  if (isIP(listen) === 0)
    throw new UsageError(
      `--listen: expected an IP address to bind, like 0.0.0.0, :: or 192.168.1.10 (a host name is not accepted), got "${listen}"`,
    )
  const hostValues =
    values['public-host'] && values['public-host'].length > 0
      ? values['public-host']
      : (fromEnv('PUBLIC_HOST')
          ?.split(',')
          .filter((h) => h.trim() !== '') ?? [])
  const publicHosts = hostValues.map(publicHostOf)
  // The listen address itself is always a name for the listener (an IP literal cannot be rebound
  // to another site); a wildcard is no name a browser uses.
  if (listen !== DEFAULT_LISTEN && !isWildcard(listen)) publicHosts.push(urlHost(listen.toLowerCase()))
  const certPath = values['tls-cert'] ?? fromEnv('TLS_CERT')
  const keyPath = values['tls-key'] ?? fromEnv('TLS_KEY')
  if ((certPath === undefined) !== (keyPath === undefined))
    throw new UsageError(
      certPath === undefined
        ? '--tls-key needs --tls-cert too (both, or neither for plain http)'
        : '--tls-cert needs --tls-key too (both, or neither for plain http)',
    )
  const tls = certPath !== undefined && keyPath !== undefined ? tlsFiles(certPath, keyPath) : null
  const proxy = values['trust-proxy'] ?? fromEnv('TRUST_PROXY')
  return {
    listen,
    publicHosts: [...new Set(publicHosts)],
    tls,
    trustProxy: proxy === undefined ? false : trustProxyOf(proxy),
  }
}

/** `--trust-proxy` may stand alone: give it `true` when no value follows, so parseArgs can read it. */
export function withTrustProxyValue(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => {
    if (arg !== '--trust-proxy') return [arg]
    const next = args[i + 1]
    return next === undefined || next.startsWith('-') ? [arg, 'true'] : [arg]
  })
}

/** Lines for stderr about how the dashboard is exposed (none on the default loopback listener). */
export function listenWarnings(settings: ListenSettings): string[] {
  if (settings.listen === DEFAULT_LISTEN) return []
  const lines: string[] = []
  if (settings.tls === null && settings.trustProxy === false)
    lines.push(
      `the dashboard listens on ${urlHost(settings.listen)} over plain http: the token travels in clear text (add --tls-cert/--tls-key, or serve it behind an https reverse proxy with --trust-proxy)`,
    )
  if (isWildcard(settings.listen) && settings.publicHosts.length === 0)
    lines.push(
      `the dashboard listens on every interface (${settings.listen}) but no --public-host is given: only 127.0.0.1 and localhost are accepted as Host; add --public-host NAME for the names the crew uses`,
    )
  return lines
}
