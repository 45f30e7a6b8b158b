import { formatAbsolute, formatAgo, formatDuration } from '../lib/format.ts'
import { useServerNow } from '../state/clock.ts'

/** "12 s ago", with the absolute time on hover. */
export function RelativeTime({ at, className }: { at: number; className?: string }): React.JSX.Element {
  const now = useServerNow()
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatAbsolute(at)}>
      {formatAgo(at, now)}
    </time>
  )
}

/** "for 3 min 12 s": how long a state has held, with its start on hover. */
export function TimeInState({ since, className }: { since: number; className?: string }): React.JSX.Element {
  const now = useServerNow()
  return (
    <time
      className={className}
      dateTime={new Date(since).toISOString()}
      title={`since ${formatAbsolute(since)}`}
    >
      for {formatDuration(now - since)}
    </time>
  )
}

/** Live countdown to the reconnect deadline of a `down` stream. */
export function ReconnectCountdown({ deadline }: { deadline: number }): React.JSX.Element {
  const now = useServerNow()
  const left = deadline - now
  const text =
    left > 0
      ? `must reconnect within ${Math.ceil(left / 1000)} s`
      : `reconnect window ended ${formatDuration(-left)} ago`
  return (
    <span
      className={left > 0 ? 'countdown' : 'countdown countdown-over'}
      data-testid="reconnect-countdown"
      role="timer"
      title={`reconnect deadline ${formatAbsolute(deadline)}`}
    >
      {text}
    </span>
  )
}
