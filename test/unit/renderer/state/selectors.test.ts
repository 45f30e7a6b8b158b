import { beforeEach, describe, expect, it } from 'vitest'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import {
  boardRows,
  healthCounts,
  selectBoardRows,
  selectHealthCounts,
} from '../../../../src/renderer/src/state/selectors.ts'
import { initialFilters } from '../../../../src/renderer/src/state/ui.ts'
import { makeSnapshot, makeStream, T0 } from '../fixtures.ts'

const byId = (...streams: ReturnType<typeof makeStream>[]) =>
  Object.fromEntries(streams.map((s) => [s.id, s]))

describe('board selectors', () => {
  beforeEach(() => resetMonitorState())

  it('sorts worst health first: down > degraded > unknown > healthy > offline', () => {
    const streams = byId(
      makeStream('off', { health: 'offline' }),
      makeStream('ok', { health: 'healthy' }),
      makeStream('unk', { health: 'unknown' }),
      makeStream('deg', { health: 'degraded' }),
      makeStream('down', { health: 'down' }),
    )
    expect(boardRows(streams, initialFilters).map((s) => s.id)).toEqual(['down', 'deg', 'unk', 'ok', 'off'])
  })

  it('orders equal health by the most recent change, then by name', () => {
    const streams = byId(
      makeStream('a', { health: 'down', healthSince: T0 - 50_000, name: 'Alpha' }),
      makeStream('b', { health: 'down', healthSince: T0 - 10_000, name: 'Bravo' }),
      makeStream('c', { health: 'down', healthSince: T0 - 50_000, name: 'Aardvark' }),
    )
    expect(boardRows(streams, initialFilters).map((s) => s.id)).toEqual(['b', 'c', 'a'])
  })

  it('counts streams per health, deleted ones apart', () => {
    const counts = healthCounts(
      byId(
        makeStream('1', { health: 'down' }),
        makeStream('2', { health: 'down' }),
        makeStream('3', { health: 'healthy' }),
        makeStream('4', { health: 'offline', status: 'deleted' }),
      ),
    )
    expect(counts).toEqual({ down: 2, degraded: 0, unknown: 0, healthy: 1, offline: 0, total: 3, deleted: 1 })
  })

  it('filters by health and by text (name, id or reason, every word)', () => {
    const streams = byId(
      makeStream('s-main', { name: 'Main Stage', health: 'down', healthReason: 'encoder disconnected' }),
      makeStream('s-lobby', { name: 'Lobby Cam', health: 'healthy' }),
      makeStream('s-church', {
        name: 'Church',
        health: 'degraded',
        healthReason: 'simulcast target stalled',
      }),
    )
    const ids = (filters: Partial<typeof initialFilters>) =>
      boardRows(streams, { ...initialFilters, ...filters }).map((s) => s.id)
    expect(ids({ health: ['down', 'degraded'] })).toEqual(['s-main', 's-church'])
    expect(ids({ text: 'lobby' })).toEqual(['s-lobby'])
    expect(ids({ text: 'S-CHURCH' })).toEqual(['s-church'])
    expect(ids({ text: 'target stalled' })).toEqual(['s-church'])
    expect(ids({ text: 'main healthy' })).toEqual([])
    expect(ids({ text: 'stage', health: ['healthy'] })).toEqual([])
  })

  it('hides deleted streams unless asked for', () => {
    const streams = byId(makeStream('gone', { status: 'deleted', health: 'offline' }), makeStream('here'))
    expect(boardRows(streams, initialFilters).map((s) => s.id)).toEqual(['here'])
    expect(boardRows(streams, { ...initialFilters, showDeleted: true }).map((s) => s.id)).toEqual([
      'here',
      'gone',
    ])
  })

  it('memoizes on the store slices it reads', () => {
    useMonitor.getState().applySnapshot(makeSnapshot([makeStream('a'), makeStream('b', { health: 'down' })]))
    const first = selectBoardRows(useMonitor.getState())
    useMonitor.getState().setLink({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
    expect(selectBoardRows(useMonitor.getState())).toBe(first)
    expect(selectHealthCounts(useMonitor.getState())).toBe(selectHealthCounts(useMonitor.getState()))
    useMonitor.getState().setSearchText('b')
    expect(selectBoardRows(useMonitor.getState()).map((s) => s.id)).toEqual(['b'])
  })
})
