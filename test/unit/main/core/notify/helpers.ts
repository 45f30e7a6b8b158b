// Transition factories and a notifier on a hand-driven clock (UTC, unless a test sets a zone).
import {
  createNotifier,
  type Notifier,
  type NotifierOptions,
} from '../../../../../src/main/core/notify/notifier.ts'
import type { Transition } from '../../../../../src/shared/domain.ts'
import type { NotificationSettings } from '../../../../../src/shared/notify.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../../src/shared/notify.ts'

/** 2025-03-01 14:31:05 UTC. */
export const T0 = Date.UTC(2025, 2, 1, 14, 31, 5)
export const MIN = 60_000
export const HOUR = 60 * MIN

export const NAMES: Readonly<Record<string, string>> = {
  main: 'Main Stage',
  game: 'Gaming Night',
  talk: 'Talk Show',
}

type Shape = Pick<
  Transition,
  'fromHealth' | 'toHealth' | 'fromStatus' | 'toStatus' | 'fromConnection' | 'toConnection' | 'reason'
>

/** Stream-level transition shapes the health model produces. */
export const SHAPES = {
  live: {
    fromHealth: 'offline',
    toHealth: 'healthy',
    fromStatus: 'idle',
    toStatus: 'active',
    fromConnection: 'connected',
    toConnection: 'connected',
    reason: 'live',
  },
  preparing: {
    fromHealth: 'offline',
    toHealth: 'healthy',
    fromStatus: 'idle',
    toStatus: 'preparing',
    fromConnection: 'disconnected',
    toConnection: 'connected',
    reason: 'preparing',
  },
  down: {
    fromHealth: 'healthy',
    toHealth: 'down',
    fromStatus: 'active',
    toStatus: 'active',
    fromConnection: 'connected',
    toConnection: 'disconnected',
    reason: 'encoder disconnected',
  },
  recovered: {
    fromHealth: 'down',
    toHealth: 'healthy',
    fromStatus: 'active',
    toStatus: 'active',
    fromConnection: 'disconnected',
    toConnection: 'connected',
    reason: 'live',
  },
  flapping: {
    fromHealth: 'down',
    toHealth: 'degraded',
    fromStatus: 'active',
    toStatus: 'active',
    fromConnection: 'disconnected',
    toConnection: 'connected',
    reason: 'flapping: 3 disconnects in 5 min',
  },
  unknown: {
    fromHealth: 'down',
    toHealth: 'unknown',
    fromStatus: 'active',
    toStatus: 'active',
    fromConnection: 'disconnected',
    toConnection: 'disconnected',
    reason: 'reconnect window expired without idle',
  },
  ended: {
    fromHealth: 'down',
    toHealth: 'offline',
    fromStatus: 'active',
    toStatus: 'idle',
    fromConnection: 'disconnected',
    toConnection: 'disconnected',
    reason: 'idle',
  },
  stalledPreparing: {
    fromHealth: 'healthy',
    toHealth: 'degraded',
    fromStatus: 'preparing',
    toStatus: 'preparing',
    fromConnection: 'connected',
    toConnection: 'connected',
    reason: 'preparing for 61 s',
  },
} as const satisfies Record<string, Shape>

export type ShapeName = keyof typeof SHAPES

export function streamT(
  shape: ShapeName | Shape,
  over: Partial<Transition> & { streamId?: string } = {},
): Transition {
  const s = typeof shape === 'string' ? SHAPES[shape] : shape
  return {
    streamId: 'main',
    targetId: null,
    at: T0,
    eventId: 'evt-1',
    cause: 'event',
    ...s,
    ...over,
  }
}

export function targetT(
  fromStatus: string | null,
  toStatus: string,
  over: Partial<Transition> = {},
): Transition {
  const health = (s: string | null) =>
    s === null
      ? null
      : s === 'stalled'
        ? 'degraded'
        : s === 'starting' || s === 'broadcasting'
          ? 'healthy'
          : 'offline'
  return {
    streamId: 'main',
    targetId: 'target-youtube-1',
    at: T0,
    fromHealth: health(fromStatus),
    toHealth: health(toStatus) ?? 'offline',
    fromStatus,
    toStatus,
    reason: toStatus === 'stalled' ? 'stalled (starting for 31 s without broadcasting)' : toStatus,
    eventId: null,
    cause: 'clock',
    ...over,
  }
}

export interface Harness {
  n: Notifier
  now(): number
  set(at: number): void
  advance(ms: number): void
}

export function settingsWith(patch: Partial<NotificationSettings> = {}): NotificationSettings {
  return { ...DEFAULT_NOTIFICATION_SETTINGS, ...patch }
}

/** Created 10 min before T0 (past the startup grace), clock at T0, zone UTC. */
export function harness(options: Partial<NotifierOptions> = {}): Harness {
  let t = T0 - 10 * MIN
  const n = createNotifier({
    now: () => t,
    nameOf: (id) => NAMES[id] ?? null,
    utcOffset: () => 0,
    ...options,
  })
  t = T0
  return {
    n,
    now: () => t,
    set(at) {
      t = at
    },
    advance(ms) {
      t += ms
    },
  }
}
