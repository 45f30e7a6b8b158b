// Health can change with no event (deadlines, stalls): wake at the engine's next moment.
// Re-arming is coalesced (finding the next moment walks every stream) so a burst of
// events costs one look, not one per event.

const MAX_TIMER_MS = 30_000
const CLOCK_REARM_MS = 20

export interface WakeClockOptions {
  /** The engine's next moment of change (null: only events change anything). */
  nextWakeAt(): number | null
  /** Called at that moment: re-evaluate, then `schedule` again. */
  wake(): void
  now: () => number
  /** How fast `now` runs against real time; scales the delay. */
  clockSpeed?: number
}

export interface WakeClock {
  /** Something changed: look for the next moment shortly (once per burst). */
  schedule(): void
  /** No more wakes (idempotent). */
  stop(): void
}

export function createWakeClock(options: WakeClockOptions): WakeClock {
  let stopped = false
  let clock: NodeJS.Timeout | null = null
  let rearm: NodeJS.Timeout | null = null

  function schedule(): void {
    if (stopped || rearm) return
    rearm = setTimeout(arm, CLOCK_REARM_MS)
    rearm.unref()
  }

  function arm(): void {
    rearm = null
    if (stopped) return
    if (clock) clearTimeout(clock)
    const at = options.nextWakeAt()
    const speed = options.clockSpeed ?? 1
    const delay =
      at === null ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(50, (at - options.now()) / speed))
    clock = setTimeout(() => {
      clock = null
      options.wake()
    }, delay)
    clock.unref()
  }

  return {
    schedule,
    stop() {
      stopped = true
      if (clock) clearTimeout(clock)
      if (rearm) clearTimeout(rearm)
    },
  }
}
