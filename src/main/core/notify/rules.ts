// Which rule a transition falls under, and the words of its notification.
import type { Health, Millis, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import type { NotifyRuleId, Urgency } from '../../../shared/notify.ts'
import { targetIdName } from '../../../shared/target-name.ts'
import { duration, shortId } from '../health/format.ts'
import { clockTime, type UtcOffset } from './clock.ts'

/** Rules a transition can match (the others come from elsewhere: bursts, the tunnel, FastPix refusing the token). */
export type TransitionRule = Exclude<NotifyRuleId, 'rejected-burst' | 'tunnel' | 'credentials'>

const ENDED: ReadonlySet<string> = new Set(['idle', 'disabled', 'deleted'])
const LIVE_HEALTH: ReadonlySet<Health> = new Set(['healthy', 'degraded', 'down'])

/**
 * At most one rule per transition, first match wins:
 * - live: the stream turns `active` (encoder not disconnected) from any other status;
 * - down: health turns `down` (encoder disconnected while active);
 * - recovered: from `down`/`unknown` back to `healthy` — or `degraded` (a reconnect that
 *   leaves the stream flapping is still the end of "down") — while active;
 * - ended: from `active` to idle/disabled/deleted;
 * - unknown: from a live health to `unknown` (reconnect window expired without idle);
 * - target-stalled / target-recovered: a simulcast target turns `stalled` / from
 *   `stalled` back to `broadcasting`;
 * - late / schedule-end, before all the others: the watchdog's verdict on a scheduled
 *   stream turned to late / to ended early or overrunning (an early end is told as
 *   that, not as a plain `ended`).
 */
export function ruleFor(t: Transition): TransitionRule | null {
  if (t.targetId !== null) {
    if (t.toStatus === 'stalled' && t.fromStatus !== 'stalled') return 'target-stalled'
    if (t.fromStatus === 'stalled' && t.toStatus === 'broadcasting') return 'target-recovered'
    return null
  }
  if (t.watch === 'late') return 'late'
  if (t.watch === 'ended-early' || t.watch === 'overrunning') return 'schedule-end'
  const wasActive = t.fromStatus === 'active'
  if (t.toStatus === 'active' && !wasActive && t.toConnection !== 'disconnected') return 'live'
  if (t.toHealth === 'down' && t.fromHealth !== 'down') return 'down'
  if (
    t.toStatus === 'active' &&
    (t.fromHealth === 'down' || t.fromHealth === 'unknown') &&
    (t.toHealth === 'healthy' || t.toHealth === 'degraded')
  ) {
    return 'recovered'
  }
  if (wasActive && ENDED.has(t.toStatus)) return 'ended'
  if (t.toHealth === 'unknown' && t.fromHealth !== null && LIVE_HEALTH.has(t.fromHealth)) return 'unknown'
  return null
}

export const URGENCY: Readonly<Record<NotifyRuleId, Urgency>> = {
  live: 'normal',
  down: 'critical',
  recovered: 'normal',
  ended: 'normal',
  unknown: 'normal',
  'target-stalled': 'normal',
  'target-recovered': 'low',
  // A paid event that is not on air when it should be.
  late: 'critical',
  'schedule-end': 'normal',
  'rejected-burst': 'critical',
  tunnel: 'critical',
  credentials: 'critical',
}

const RANK: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 }

export function moreUrgent(a: Urgency, b: Urgency): Urgency {
  return RANK[a] >= RANK[b] ? a : b
}

/** What the message needs to know about the stream besides the transition. */
export type StreamView = Pick<StreamSnapshot, 'id' | 'name' | 'reconnectDeadline' | 'reconnectWindowSec'> & {
  simulcastTargets?: ReadonlyArray<{ id: string; displayName: string }>
}

export interface MessageContext {
  name: string
  stream: StreamView | undefined
  offset: UtcOffset
  /** Reconnect window when the stream does not say (s). */
  defaultReconnectWindowSec: number
}

export interface Message {
  title: string
  body: string
}

/** "Stream name" from the snapshot, then the lookup, then the short id. */
export function displayName(
  streamId: string,
  stream: StreamView | undefined,
  nameOf: ((id: string) => string | null | undefined) | undefined,
): string {
  const name = stream?.name ?? nameOf?.(streamId) ?? null
  return name !== null && name.trim() !== '' ? name.trim() : shortId(streamId)
}

/** The target's one display name from the snapshot (the short id when the batch lacks it). */
function targetLabel(t: Transition, stream: StreamView | undefined): string {
  const id = t.targetId ?? ''
  return stream?.simulcastTargets?.find((x) => x.id === id)?.displayName ?? targetIdName(id)
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1)
  return s.endsWith('.') || s.endsWith('?') ? s : `${s}.`
}

function healthWithReason(health: Health, reason: string): string {
  return health === 'healthy' || reason === '' || reason === health ? health : `${health} (${reason})`
}

function downBody(t: Transition, c: MessageContext): string {
  const windowSec = c.stream?.reconnectWindowSec ?? c.defaultReconnectWindowSec
  const deadline: Millis = c.stream?.reconnectDeadline ?? t.at + windowSec * 1000
  return `Encoder disconnected — must reconnect by ${clockTime(deadline, c.offset, true)} (${windowSec} s).`
}

export function messageFor(rule: TransitionRule, t: Transition, c: MessageContext): Message {
  const n = c.name
  switch (rule) {
    case 'live':
      return {
        title: `${n} is live`,
        body:
          t.toHealth === 'healthy'
            ? 'The stream went live.'
            : sentence(`the stream went live but is ${healthWithReason(t.toHealth, t.reason)}`),
      }
    case 'down':
      return { title: `${n} is down`, body: downBody(t, c) }
    case 'recovered':
      return {
        title: `${n} recovered`,
        body: sentence(
          `${t.fromHealth === 'down' ? 'encoder reconnected' : 'heard from the stream again'} — ${healthWithReason(t.toHealth, t.reason)}`,
        ),
      }
    case 'ended':
      return {
        title: `${n} ended`,
        body:
          t.fromConnection === 'disconnected'
            ? `Stream is ${t.toStatus}: the encoder did not reconnect in time.`
            : `Stream is ${t.toStatus}.`,
      }
    case 'unknown':
      return { title: `${n}: state unknown`, body: sentence(t.reason) }
    case 'target-stalled':
      return {
        title: `${n}: simulcast target stalled`,
        body: `Target ${targetLabel(t, c.stream)}: ${t.reason}.`,
      }
    case 'target-recovered':
      return {
        title: `${n}: simulcast target recovered`,
        body: `Target ${targetLabel(t, c.stream)} is broadcasting again.`,
      }
    case 'late':
      return { title: `${n} is late`, body: sentence(t.reason) }
    case 'schedule-end':
      return {
        title: t.watch === 'overrunning' ? `${n} is overrunning` : `${n} ended early`,
        body: sentence(t.reason),
      }
  }
}

export function tunnelMessage(up: boolean, detail: string): Message {
  return up
    ? { title: 'Tunnel restored', body: `FastPix can reach the monitor again at ${detail}.` }
    : {
        title: 'Tunnel lost',
        body: `FastPix cannot reach the monitor: ${detail}. Webhooks are missed until it is back.`,
      }
}

/** FastPix refuses the workspace's access token (`refusal`: its words), or takes it again (null). */
export function credentialsMessage(refusal: string | null): Message {
  return refusal === null
    ? {
        title: 'FastPix accepts the access token again',
        body: 'Reconciling, viewer counts and stream actions work again.',
      }
    : {
        title: 'FastPix rejected the access token',
        body: `${refusal} Until the Access Token ID and Secret Key are entered again (Settings → Webhook setup and connection), missed webhooks are not corrected and stream actions fail.`,
      }
}

export function burstMessage(count: number): Message {
  return {
    title: 'Webhook deliveries rejected',
    body: `${count} deliveries failed the signature check in the last 5 min — wrong signing secret?`,
  }
}

export function summaryMessage(
  name: string,
  folded: number,
  intervalSec: number,
  now: { health: Health; reason: string } | undefined,
): Message {
  const changes = folded === 1 ? '1 more change' : `${folded} more changes`
  return {
    title: `${name}: ${changes} in ${duration(intervalSec)}`,
    body:
      now === undefined
        ? 'Open the stream for details.'
        : sentence(`now ${healthWithReason(now.health, now.reason)}`),
  }
}
