import { useShallow } from 'zustand/react/shallow'
import type { Health } from '../../../shared/domain.ts'
import { HEALTH_WORD, healthClass } from '../lib/words.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectFiltersActive, selectHealthCounts } from '../state/selectors.ts'

const HEALTHS: Health[] = ['down', 'degraded', 'unknown', 'healthy', 'offline']

/** Search, health filter and the "show deleted" toggle of the board. */
export function BoardToolbar({ shown }: { shown: number }): React.JSX.Element {
  const filters = useMonitor((s) => s.filters)
  const counts = useMonitor(selectHealthCounts)
  const active = useMonitor(selectFiltersActive)
  const actions = useMonitor(
    useShallow((s) => ({
      setSearchText: s.setSearchText,
      toggleHealthFilter: s.toggleHealthFilter,
      setShowDeleted: s.setShowDeleted,
      clearFilters: s.clearFilters,
    })),
  )
  const total = counts.total + (filters.showDeleted ? counts.deleted : 0)
  return (
    <search className="toolbar">
      <input
        type="search"
        className="search"
        data-search
        data-testid="board-search"
        aria-label="Search streams by name, id or reason"
        placeholder="Search streams   ( / )"
        value={filters.text}
        onChange={(event) => actions.setSearchText(event.target.value)}
      />
      <fieldset className="filter-group">
        <legend className="visually-hidden">Show health</legend>
        {HEALTHS.map((health) => (
          <button
            key={health}
            type="button"
            className={`filter-chip ${healthClass(health)}`}
            aria-pressed={filters.health.includes(health)}
            data-testid={`filter-${health}`}
            onClick={() => actions.toggleHealthFilter(health)}
          >
            <span className="health-dot" aria-hidden="true" />
            {HEALTH_WORD[health]}
          </button>
        ))}
      </fieldset>
      <label className="toggle">
        <input
          type="checkbox"
          checked={filters.showDeleted}
          data-testid="show-deleted"
          onChange={(event) => actions.setShowDeleted(event.target.checked)}
        />
        Show deleted{counts.deleted > 0 ? ` (${counts.deleted})` : ''}
      </label>
      <span className="toolbar-count muted" data-testid="board-count" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'stream' : 'streams'}` : `${shown} of ${total} streams`}
      </span>
      {active ? (
        <button type="button" className="link-button" onClick={actions.clearFilters}>
          Clear filters
        </button>
      ) : null}
    </search>
  )
}
