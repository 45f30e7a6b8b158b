// What the user chose to look at: filters, search text, the selected board row.
import type { Health } from '../../../shared/domain.ts'

export interface BoardFilters {
  /** Empty = every health. */
  health: Health[]
  text: string
  showDeleted: boolean
}

export interface UiSlice {
  filters: BoardFilters
  selectedStreamId: string | null
  setHealthFilter(health: Health[]): void
  toggleHealthFilter(health: Health): void
  setSearchText(text: string): void
  setShowDeleted(show: boolean): void
  clearFilters(): void
  selectStream(id: string | null): void
}

export const initialFilters: BoardFilters = { health: [], text: '', showDeleted: false }

type Set = (partial: Partial<UiSlice> | ((state: UiSlice) => Partial<UiSlice>)) => void

export function createUiSlice(set: Set): UiSlice {
  return {
    filters: initialFilters,
    selectedStreamId: null,
    setHealthFilter: (health) => set((s) => ({ filters: { ...s.filters, health } })),
    toggleHealthFilter: (health) =>
      set((s) => {
        const on = s.filters.health.includes(health)
        const next = on ? s.filters.health.filter((h) => h !== health) : [...s.filters.health, health]
        return { filters: { ...s.filters, health: next } }
      }),
    setSearchText: (text) => set((s) => ({ filters: { ...s.filters, text } })),
    setShowDeleted: (showDeleted) => set((s) => ({ filters: { ...s.filters, showDeleted } })),
    clearFilters: () => set({ filters: initialFilters }),
    selectStream: (selectedStreamId) => set({ selectedStreamId }),
  }
}
