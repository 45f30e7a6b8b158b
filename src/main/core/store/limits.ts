// Bounds of the store: the hold of unverified deliveries (W10), a user setting in MiB
// (MonitorSettings.hold) that the store counts in bytes, and the remembered ids of
// pruned events (W12), which have no setting. Anything that cannot work is refused in words.
import type { HoldSettings } from '../../../shared/api.ts'
import { DEFAULT_HOLD } from '../../../shared/hold.ts'
import { StoreError } from './client.ts'
import type { HoldLimits, PrunedIdBounds } from './types.ts'

const MIB = 1024 * 1024

/** The hold setting in the store's units: MiB to bytes. */
export function holdLimitsOfSettings(hold: HoldSettings): HoldLimits {
  return holdLimitsOf({ maxBytes: hold.maxMiB * MIB, maxDeliveries: hold.maxDeliveries })
}

/** Without a signing secret, at most 50 MiB and 10,000 deliveries are held per workspace. */
export const DEFAULT_HOLD_LIMITS: HoldLimits = {
  maxBytes: DEFAULT_HOLD.maxMiB * MIB,
  maxDeliveries: DEFAULT_HOLD.maxDeliveries,
}

/**
 * Ids of pruned events are kept 30 days after pruning, at most 1,000,000 of them (the
 * oldest pruned go first): ~100 bytes each on disk, so ~100 MB when full.
 */
export const PRUNED_IDS: PrunedIdBounds = { maxAgeDays: 30, maxIds: 1_000_000 }

const wholeAtLeastOne = (n: number): boolean => Number.isSafeInteger(n) && n >= 1

/** The hold limits in force (defaults for what is not given). */
export function holdLimitsOf(given: Partial<HoldLimits> = {}): HoldLimits {
  const limits = { ...DEFAULT_HOLD_LIMITS, ...given }
  if (!wholeAtLeastOne(limits.maxBytes) || !wholeAtLeastOne(limits.maxDeliveries)) {
    throw new StoreError(
      `store: hold limits need whole numbers ≥ 1 (got maxBytes ${limits.maxBytes}, maxDeliveries ${limits.maxDeliveries})`,
    )
  }
  return limits
}

export function prunedIdsOf(given: Partial<PrunedIdBounds> = {}): PrunedIdBounds {
  const bounds = { ...PRUNED_IDS, ...given }
  if (!wholeAtLeastOne(bounds.maxAgeDays) || !wholeAtLeastOne(bounds.maxIds)) {
    throw new StoreError(
      `store: pruned-id bounds need whole numbers ≥ 1 (got maxAgeDays ${bounds.maxAgeDays}, maxIds ${bounds.maxIds})`,
    )
  }
  return bounds
}
