import type { SimulcastTargetSnapshot } from '../../../shared/domain.ts'
import { formatAbsolute } from '../lib/format.ts'
import { TARGET_WORD } from '../lib/words.ts'

/** "broadcasting since …", or for a derived state what FastPix last reported and when. */
function sinceLine(target: SimulcastTargetSnapshot): string {
  const at = formatAbsolute(target.stateSince)
  if (target.state === target.reportedState) return `${TARGET_WORD[target.state]} since ${at}`
  return `last reported ${TARGET_WORD[target.reportedState]} at ${at}`
}

/**
 * One simulcast target: its one name (derived by the core) and its state; `stalled`
 * stands out, and `waiting` (for the encoder) never looks like broadcasting.
 */
export function TargetChip({ target }: { target: SimulcastTargetSnapshot }): React.JSX.Element {
  const details = [target.destination ?? `target ${target.id}`, sinceLine(target), target.reason]
    .filter(Boolean)
    .join('\n')
  return (
    <span
      className={`chip target-chip target-${target.state}`}
      data-testid="target-chip"
      data-target-id={target.id}
      data-state={target.state}
      title={details}
    >
      {target.state === 'stalled' ? (
        <span className="chip-mark" aria-hidden="true">
          !
        </span>
      ) : null}
      <span className="chip-name">{target.displayName}</span>
      <span className="chip-state">{TARGET_WORD[target.state]}</span>
    </span>
  )
}
