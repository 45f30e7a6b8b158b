// What a rejected delivery means and what to do about it, in words, from the reason the
// receiver recorded (and the status it answered, for reasons it may word differently).
import type { RejectedDelivery } from '../../../shared/domain.ts'

export type RejectionKind =
  | 'bad-signature'
  | 'held-bad-signature'
  | 'unsigned'
  | 'content-type'
  | 'too-large'
  | 'not-json'
  | 'not-an-event'
  | 'unsafe-json'
  | 'other'

export interface RejectionWords {
  kind: RejectionKind
  /** The reason as a person would say it. */
  title: string
  /** What to check or change. */
  advice: string
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
}

/** "401 Unauthorized". */
export function statusText(status: number): string {
  const text = STATUS_TEXT[status]
  return text ? `${status} ${text}` : String(status)
}

const SECRET_ADVICE =
  "Check that the signing secret in Settings matches the webhook's in FastPix (Org Settings → Webhooks → this webhook → Signing Secret). A webhook created again in FastPix has a new secret. A proxy that rewrites the body also breaks the signature."

const WORDS: Record<RejectionKind, Omit<RejectionWords, 'kind'>> = {
  'bad-signature': {
    title: 'The signature does not match the signing secret',
    advice: SECRET_ADVICE,
  },
  'held-bad-signature': {
    title: 'Held before the signing secret was set; it did not verify with the secret entered',
    advice: `${SECRET_ADVICE} Deliveries from before a wrong secret are not kept: FastPix retries failed deliveries, and the reconciler reads the streams' state from FastPix.`,
  },
  unsigned: {
    title: 'No FastPix-Signature header',
    advice:
      "FastPix signs every webhook. An unsigned request is accepted only as FastPix's validation request (an empty body or {}); anything else was not sent by FastPix, or a proxy dropped the header. Make sure the proxy or tunnel passes the FastPix-Signature header through.",
  },
  'content-type': {
    title: 'Wrong content type (not application/json)',
    advice:
      'FastPix sends JSON with Content-Type: application/json. Something between FastPix and the monitor (a proxy or a forwarding service) changed the header, or this request was not from FastPix.',
  },
  'too-large': {
    title: "Larger than the receiver's size limit",
    advice:
      'FastPix events are a few kilobytes. A body this large is not a FastPix event: check what else is posting to this webhook URL. The rest of the body was not read.',
  },
  'not-json': {
    title: 'The body is not JSON',
    advice:
      'FastPix sends a JSON object. The body was empty, cut short or not text: check that no proxy rewrites or compresses the body on the way, and that only FastPix posts to this URL.',
  },
  'not-an-event': {
    title: 'JSON, but not a FastPix event',
    advice:
      'A FastPix event is a JSON object with a "type" and an "id". When you send test deliveries yourself, shape them like FastPix events (see the payload of any event in the Events view).',
  },
  'unsafe-json': {
    title: 'The JSON has keys the monitor refuses (__proto__, constructor.prototype) or is nested too deeply',
    advice:
      'FastPix never sends such keys. This request was built to probe or attack the receiver; nothing in it was applied. If it keeps coming, keep the webhook URL private or change it.',
  },
  other: {
    title: 'Refused by the receiver',
    advice: 'The monitor did not accept this delivery; the reason above says why.',
  },
}

function kindOf(r: Pick<RejectedDelivery, 'reason' | 'status'>): RejectionKind {
  const reason = r.reason.toLowerCase()
  if (reason.startsWith('held delivery')) return 'held-bad-signature'
  if (reason === 'missing signature') return 'unsigned'
  if (reason.includes('signature')) return 'bad-signature'
  if (r.status === 415 || reason.includes('content type')) return 'content-type'
  if (r.status === 413 || reason.includes('size limit')) return 'too-large'
  if (reason.startsWith('forbidden key') || reason.includes('nested too deeply')) return 'unsafe-json'
  if (reason.includes('not valid') || reason === 'empty body') return 'not-json'
  if (r.status === 400) return 'not-an-event'
  if (r.status === 401) return 'bad-signature'
  return 'other'
}

export function rejectionWords(r: Pick<RejectedDelivery, 'reason' | 'status'>): RejectionWords {
  const kind = kindOf(r)
  return { kind, ...WORDS[kind] }
}

/** "512 B", "1.5 KiB", "10.0 MiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
