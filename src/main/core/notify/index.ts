// Notification decisions (pure; the Electron shell displays them).
export { clockTime, hostUtcOffset, inQuietHours, type UtcOffset, untilLabel } from './clock.ts'
export { createDecisionLog, type DecisionLog } from './log.ts'
export {
  BURST_WINDOW_MS,
  type ConsiderContext,
  createNotifier,
  type Notifier,
  type NotifierOptions,
  STALE_AFTER_MS,
  STARTUP_GRACE_MS,
} from './notifier.ts'
export { ruleFor, type StreamView, type TransitionRule } from './rules.ts'
