import { formatAbsolute, formatDuration } from '../lib/format.ts'
import { useServerNow } from '../state/clock.ts'

/** "next try in 12 s" until the core's planned retry (a core-clock time). */
export function RetryIn({ at }: { at: number }): React.JSX.Element {
  const now = useServerNow()
  const left = at - now
  return (
    <time dateTime={new Date(at).toISOString()} title={formatAbsolute(at)}>
      {left > 1_000 ? `next try in ${formatDuration(left)}` : 'trying again now'}
    </time>
  )
}
