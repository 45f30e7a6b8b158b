// The rejected-deliveries list: pages loaded through MonitorApi on demand.
import type { RejectedRecord } from '../../../shared/api.ts'
import { storeApi } from './api-ref.ts'

const PAGE = 100

export interface RejectedList {
  state: 'idle' | 'loading' | 'ready' | 'error'
  items: RejectedRecord[]
  nextCursor: string | null
  error: string | null
}

export interface RejectedSlice {
  rejected: RejectedList
  /** First page again (fresh = replace the list), or the next page after the loaded ones. */
  loadRejected(more?: boolean): Promise<void>
}

const initial: RejectedList = { state: 'idle', items: [], nextCursor: null, error: null }

type Set = (fn: (s: { rejected: RejectedList }) => { rejected: RejectedList }) => void
type Get = () => { rejected: RejectedList }

export function createRejectedSlice(set: Set, get: Get): RejectedSlice {
  let request = 0
  return {
    rejected: initial,
    async loadRejected(more = false) {
      const cursor = more ? get().rejected.nextCursor : null
      if (more && cursor === null) return
      const mine = ++request
      set((s) => ({ rejected: { ...s.rejected, state: 'loading', error: null } }))
      try {
        const page = await storeApi().listRejected({ limit: PAGE, ...(cursor ? { cursor } : {}) })
        if (mine !== request) return
        set((s) => ({
          rejected: {
            state: 'ready',
            items: more ? [...s.rejected.items, ...page.rejected] : page.rejected,
            nextCursor: page.nextCursor,
            error: null,
          },
        }))
      } catch (error) {
        if (mine !== request) return
        set((s) => ({ rejected: { ...s.rejected, state: 'error', error: (error as Error).message } }))
      }
    },
  }
}
