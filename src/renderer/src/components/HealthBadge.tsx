import type { WorkspaceHealth } from '../../../shared/domain.ts'
import { HEALTH_HINT, HEALTH_WORD, healthClass } from '../lib/words.ts'

/** Colour and word together: the colour alone never carries the meaning. */
export function HealthBadge({
  health,
  testId,
  large,
}: {
  health: WorkspaceHealth
  testId?: string
  large?: boolean
}): React.JSX.Element {
  return (
    <span
      className={`health-badge ${healthClass(health)}${large ? ' health-badge-large' : ''}`}
      data-testid={testId}
      data-health={health}
      title={HEALTH_HINT[health]}
    >
      <span className="health-dot" aria-hidden="true" />
      {HEALTH_WORD[health]}
    </span>
  )
}
