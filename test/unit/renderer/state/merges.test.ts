// The live merges take fast paths (no full sort, no full key set): they must answer
// exactly what a plain sort-and-dedupe answers, for any order of arrival.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeEvents, newestFirst } from '../../../../src/renderer/src/state/live-events.ts'
import { mergeTransitions, transitionKey } from '../../../../src/renderer/src/state/transitions.ts'
import type { MonitorEvent, Transition } from '../../../../src/shared/domain.ts'

const event = (id: number, receivedAt: number, duplicateCount = 0): MonitorEvent =>
  ({ id: `e${id}`, receivedAt, duplicateCount }) as unknown as MonitorEvent

function plainMergeEvents(current: MonitorEvent[], incoming: MonitorEvent[], limit: number): MonitorEvent[] {
  if (incoming.length === 0) return current
  const byId = new Map(incoming.map((e) => [e.id, e]))
  const merged = current.filter((e) => !byId.has(e.id)).concat([...byId.values()])
  return merged.sort(newestFirst).slice(0, limit)
}

const transition = (at: number, to: string): Transition =>
  ({
    streamId: 's',
    targetId: null,
    at,
    fromStatus: null,
    toStatus: to,
    toHealth: 'healthy',
    cause: 'event',
  }) as unknown as Transition

function plainMergeTransitions(current: Transition[], incoming: Transition[], limit: number): Transition[] {
  const seen = new Set(current.map(transitionKey))
  const added = incoming.filter((t) => {
    const key = transitionKey(t)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  if (added.length === 0) return current
  const merged = current.concat(added).sort((a, b) => a.at - b.at)
  return merged.slice(Math.max(0, merged.length - limit))
}

describe('live merges', () => {
  it('mergeEvents answers what a full sort answers (repeats replace, newest first, bounded)', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 50 })), {
      maxLength: 40,
    })
    fc.assert(
      fc.property(arb, arb, fc.integer({ min: 1, max: 50 }), (a, b, limit) => {
        const current = plainMergeEvents(
          [],
          a.map(([id, at]) => event(id, at)),
          40,
        )
        const incoming = b.map(([id, at], i) => event(id, at, i))
        expect(mergeEvents(current, incoming, limit)).toEqual(plainMergeEvents(current, incoming, limit))
      }),
    )
  })

  it('mergeTransitions answers what a full sort answers (doubles dropped, oldest first, bounded)', () => {
    const arb = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom('active', 'idle', 'preparing')),
      {
        maxLength: 40,
      },
    )
    fc.assert(
      fc.property(arb, arb, fc.integer({ min: 1, max: 50 }), (a, b, limit) => {
        const current = plainMergeTransitions(
          [],
          a.map(([at, to]) => transition(at, to)),
          50,
        )
        const incoming = b.map(([at, to]) => transition(at, to))
        const got = mergeTransitions(current, incoming, limit)
        const want = plainMergeTransitions(current, incoming, limit)
        // Same members in the same time order (equal times may keep either order).
        expect(got.map(transitionKey).sort()).toEqual(want.map(transitionKey).sort())
        expect(got.map((t) => t.at)).toEqual(want.map((t) => t.at))
      }),
    )
  })
})
