// The hold of unsigned deliveries (W10): its default and bounds, shared by the schema,
// the store and the Settings page. No zod here: the store's worker thread loads it.
import type { HoldSettings } from './api.ts'

/** While no signing secret is set, at most 50 MiB and 10,000 deliveries are held per workspace. */
export const DEFAULT_HOLD: HoldSettings = { maxMiB: 50, maxDeliveries: 10_000 }

/** What each limit may be set to (whole numbers). */
export const HOLD_BOUNDS = {
  maxMiB: { min: 1, max: 4096 },
  maxDeliveries: { min: 1, max: 1_000_000 },
} as const satisfies Record<keyof HoldSettings, { min: number; max: number }>
