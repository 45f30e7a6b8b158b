import { describe, expect, it } from 'vitest'
import { workspaceHealth } from '../../../../../src/main/core/health/workspace.ts'
import type { Health, StreamStatus } from '../../../../../src/shared/domain.ts'

const s = (health: Health, status: StreamStatus = 'active') => ({ health, status })

describe('workspace health: worst of down > degraded > unknown > healthy > offline', () => {
  it.each([
    ['no streams', [], 'empty'],
    ['all offline', [s('offline', 'idle'), s('offline', 'disabled')], 'offline'],
    ['healthy beats offline', [s('offline', 'idle'), s('healthy')], 'healthy'],
    ['unknown beats healthy', [s('healthy'), s('unknown', 'unknown'), s('offline', 'idle')], 'unknown'],
    [
      'degraded beats unknown',
      [s('unknown', 'unknown'), s('degraded', 'preparing'), s('healthy')],
      'degraded',
    ],
    ['down beats everything', [s('healthy'), s('degraded'), s('down'), s('unknown', 'unknown')], 'down'],
    ['order does not matter', [s('down'), s('healthy'), s('degraded')], 'down'],
    ['a deleted stream counts as offline', [s('unknown', 'deleted')], 'offline'],
    ['deleted and healthy', [s('unknown', 'deleted'), s('healthy')], 'healthy'],
  ] as const)('%s', (_, list, expected) => {
    expect(workspaceHealth(list)).toBe(expected)
  })
})
