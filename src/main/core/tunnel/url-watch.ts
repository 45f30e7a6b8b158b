// "FastPix is configured with the old URL": compares where signed deliveries were last
// addressed with the tunnel's current public URL. FastPix webhooks are set only in its
// dashboard, so all we can do is notice and say what to change.
//
// ngrok passes the public Host through to the upstream unchanged (its SDK has no Host
// rewrite) and appends its scheme to x-forwarded-proto, so the origin is the Host header
// with the last x-forwarded-proto. x-forwarded-host is only a fallback for a proxy that
// rewrote Host to loopback: ngrok keeps a client-sent value there, so it is less sure.
import { WEBHOOK_PATH } from '../receiver/webhook-app.ts'

/** Node's IncomingHttpHeaders fits. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>

export interface UrlChange {
  changed: boolean
  message: string | null
}

function values(header: string | readonly string[] | undefined): string[] {
  const list: readonly string[] = typeof header === 'string' ? [header] : (header ?? [])
  return list
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
}

function originOf(url: string): URL | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null
  } catch {
    return null
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

function hostOrigin(proto: string, host: string | undefined): URL | null {
  if (host === undefined || /[@/?#\\\s]/.test(host)) return null
  return originOf(`${proto}://${host}`)
}

// Every delivery asks, nearly always with the same headers: remember the last answer.
let last: { host: unknown; proto: unknown; forwarded: unknown; origin: string | null } | null = null

/** The public origin a delivery was addressed to, e.g. `https://x.ngrok-free.app`, or null. */
export function deliveryOrigin(headers: HeaderBag): string | null {
  const host = headers.host
  const proto = headers['x-forwarded-proto']
  const forwarded = headers['x-forwarded-host']
  if (
    last !== null &&
    typeof host === 'string' &&
    last.host === host &&
    last.proto === proto &&
    last.forwarded === forwarded &&
    (proto === undefined || typeof proto === 'string') &&
    (forwarded === undefined || typeof forwarded === 'string')
  )
    return last.origin
  const origin = computeOrigin(headers)
  last = { host, proto, forwarded, origin }
  return origin
}

function computeOrigin(headers: HeaderBag): string | null {
  const proto = (values(headers['x-forwarded-proto']).at(-1) ?? 'http').toLowerCase()
  const host = hostOrigin(proto, values(headers.host)[0])
  if (host !== null && !isLoopbackHost(host.hostname)) return host.origin
  return (hostOrigin(proto, values(headers['x-forwarded-host'])[0]) ?? host)?.origin ?? null
}

/** Whether FastPix still posts to another origin than the tunnel's current one. */
export function urlChange(input: { publicUrl: string | null; lastDeliveryOrigin: string | null }): UrlChange {
  const unchanged = { changed: false, message: null }
  if (input.publicUrl === null || input.lastDeliveryOrigin === null) return unchanged
  const current = originOf(input.publicUrl)
  const last = originOf(input.lastDeliveryOrigin)
  if (current === null || last === null || isLoopbackHost(last.hostname)) return unchanged
  if (current.origin === last.origin) return unchanged
  return {
    changed: true,
    message: `FastPix is configured with the old URL (${last.origin}) — update it to ${current.origin}${WEBHOOK_PATH}`,
  }
}
