// Desktop notification vocabulary: rules, settings, decisions and the persisted
// mute/pause state. Shared by the core (decides), the shell (displays) and the
// renderer (notification log and settings). No Node or Electron imports.
import { z } from 'zod'
import type { Millis } from './domain.ts'

/** Rules the user can switch on and off. `tunnel` is reserved for tunnel lost/restored. */
export const NOTIFY_RULES = [
  'live',
  'down',
  'recovered',
  'ended',
  'unknown',
  'target-stalled',
  'target-recovered',
  'late',
  'schedule-end',
  'rejected-burst',
  'tunnel',
  'credentials',
] as const
export type NotifyRuleId = (typeof NOTIFY_RULES)[number]

export const NOTIFY_RULE_LABELS: Readonly<Record<NotifyRuleId, string>> = {
  live: 'Stream went live',
  down: 'Stream down (encoder disconnected)',
  recovered: 'Stream recovered',
  ended: 'Stream ended',
  unknown: 'Stream state unknown (missed idle)',
  'target-stalled': 'Simulcast target stalled',
  'target-recovered': 'Simulcast target recovered',
  late: 'Scheduled stream not live in time (late)',
  'schedule-end': 'Scheduled broadcast ended early or overran',
  'rejected-burst': 'Burst of rejected deliveries (wrong signing secret?)',
  tunnel: 'Tunnel lost / restored',
  credentials: 'FastPix rejected the access token / accepts it again',
}

/** A decision comes from a rule, or is the flap-damping summary of one stream. */
export type DecisionRule = NotifyRuleId | 'summary'
export type Urgency = 'critical' | 'normal' | 'low'

/** One notification the core decided on, raised or suppressed (the log keeps both). */
export interface Decision {
  id: string
  /** When it was decided (clock time). */
  at: Millis
  rule: DecisionRule
  /** The stream a click opens; null for workspace-wide notifications. */
  streamId: string | null
  targetId: string | null
  title: string
  body: string
  urgency: Urgency
  /** Play the notification sound (the setting, and never for `low`). */
  sound: boolean
  outcome: 'raised' | 'suppressed'
  /** Why it was suppressed ("muted until 15:00", "quiet hours", "flap damping", …); '' when raised. */
  why: string
  /** `at` of the transition it was decided from; null for summaries and bursts. */
  transitionAt: Millis | null
  /** Summaries: how many flap-damped decisions this one stands for; otherwise 0. */
  folded: number
}

export interface QuietHours {
  enabled: boolean
  /** Local time of day "HH:MM"; `end` before `start` wraps midnight; equal means never. */
  start: string
  end: string
}

export interface NotificationSettings {
  rules: Record<NotifyRuleId, boolean>
  quietHours: QuietHours
  /** At most one notification per stream per this many seconds, then a summary (0 = off). */
  flapIntervalSec: number
  sound: boolean
  /** This many signature rejections within 5 min raise "wrong signing secret?". */
  burstThreshold: number
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  rules: {
    live: true,
    down: true,
    recovered: true,
    ended: true,
    unknown: true,
    'target-stalled': true,
    'target-recovered': true,
    late: true,
    'schedule-end': true,
    'rejected-burst': true,
    tunnel: true,
    credentials: true,
  },
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  flapIntervalSec: 300,
  sound: true,
  burstThreshold: 5,
}

/** Pause and mute lengths offered by the tray and the stream view. */
export const PAUSE_CHOICES = ['1h', '4h', '8h', 'indefinitely'] as const
export type PauseChoice = (typeof PAUSE_CHOICES)[number]
export const MUTE_CHOICES = ['1h', '4h', '8h'] as const
export type MuteChoice = (typeof MUTE_CHOICES)[number]

export const CHOICE_MS: Readonly<Record<MuteChoice, number>> = {
  '1h': 3_600_000,
  '4h': 4 * 3_600_000,
  '8h': 8 * 3_600_000,
}

export type PausedUntil = Millis | 'indefinitely'

export function pauseUntil(choice: PauseChoice, now: Millis): PausedUntil {
  return choice === 'indefinitely' ? 'indefinitely' : now + CHOICE_MS[choice]
}

/** A pause still in force at `now` (as it was given), or null once it has ended. */
export function pauseInForce(pausedUntil: PausedUntil | null | undefined, now: Millis): PausedUntil | null {
  if (pausedUntil === 'indefinitely') return pausedUntil
  return typeof pausedUntil === 'number' && now < pausedUntil ? pausedUntil : null
}

export function muteUntil(choice: MuteChoice, now: Millis): Millis {
  return now + CHOICE_MS[choice]
}

/** What survives a restart: per-stream mutes and the global pause. */
export interface NotifierState {
  /** streamId → muted until (epoch ms). */
  mutes: Record<string, Millis>
  pausedUntil: PausedUntil | null
}

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)')
const epochMs = z.number().int().min(0)

const ruleShape = Object.fromEntries(NOTIFY_RULES.map((r) => [r, z.boolean().default(true)])) as Record<
  NotifyRuleId,
  z.ZodDefault<z.ZodBoolean>
>
const rulePatchShape = Object.fromEntries(NOTIFY_RULES.map((r) => [r, z.boolean().optional()])) as Record<
  NotifyRuleId,
  z.ZodOptional<z.ZodBoolean>
>

export const quietHoursSchema = z.strictObject({
  enabled: z.boolean(),
  start: timeOfDay,
  end: timeOfDay,
})

const d = DEFAULT_NOTIFICATION_SETTINGS

/** Full settings; missing fields (e.g. a rule added in a later version) take their defaults. */
export const notificationSettingsSchema = z.strictObject({
  rules: z.strictObject(ruleShape).default(() => ({ ...d.rules })),
  quietHours: quietHoursSchema.default(() => ({ ...d.quietHours })),
  flapIntervalSec: z.number().int().min(0).max(86_400).default(d.flapIntervalSec),
  sound: z.boolean().default(d.sound),
  burstThreshold: z.number().int().min(1).max(10_000).default(d.burstThreshold),
})

/** Any subset of the settings; omitted fields keep their value. */
export const notificationSettingsPatchSchema = z.strictObject({
  rules: z.strictObject(rulePatchShape).optional(),
  quietHours: quietHoursSchema.partial().optional(),
  flapIntervalSec: z.number().int().min(0).max(86_400).optional(),
  sound: z.boolean().optional(),
  burstThreshold: z.number().int().min(1).max(10_000).optional(),
})
export type NotificationSettingsPatch = z.infer<typeof notificationSettingsPatchSchema>

export function applyNotificationPatch(
  settings: NotificationSettings,
  patch: NotificationSettingsPatch,
): NotificationSettings {
  const rules = { ...settings.rules }
  for (const r of NOTIFY_RULES) {
    const v = patch.rules?.[r]
    if (v !== undefined) rules[r] = v
  }
  return {
    rules,
    quietHours: {
      enabled: patch.quietHours?.enabled ?? settings.quietHours.enabled,
      start: patch.quietHours?.start ?? settings.quietHours.start,
      end: patch.quietHours?.end ?? settings.quietHours.end,
    },
    flapIntervalSec: patch.flapIntervalSec ?? settings.flapIntervalSec,
    sound: patch.sound ?? settings.sound,
    burstThreshold: patch.burstThreshold ?? settings.burstThreshold,
  }
}

export const notifierStateSchema = z.strictObject({
  mutes: z.record(z.string().min(1).max(255), epochMs),
  pausedUntil: z.union([epochMs, z.literal('indefinitely'), z.null()]),
})

/** What the notification controls show: the rules and switches, the pause and the live mutes. */
export interface NotificationStatus {
  settings: NotificationSettings
  pausedUntil: PausedUntil | null
  /** streamId → muted until (epoch ms), only mutes still in force. */
  mutes: Record<string, Millis>
}

export interface DecisionQuery {
  /** 1–500, default 200. */
  limit?: number
  streamId?: string
}

export const decisionQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(500).optional(),
  streamId: z.string().min(1).max(255).optional(),
})
export const muteChoiceSchema = z.enum(MUTE_CHOICES).nullable()
export const pauseChoiceSchema = z.enum(PAUSE_CHOICES).nullable()
