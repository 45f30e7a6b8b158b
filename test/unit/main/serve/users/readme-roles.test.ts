// The README's roles table is derived from the operation table: each operation appears
// exactly once, in the row of the role its table entry needs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OPERATION_NAMES, operation } from '../../../../../src/shared/operations.ts'

const readme = readFileSync(join(import.meta.dirname, '../../../../../README.md'), 'utf8')

describe('the README roles table', () => {
  it.each(['viewer', 'operator', 'admin'] as const)('lists exactly the %s operations', (role) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${role}\``))
    expect(row, `a row for ${role}`).toBeDefined()
    const listed = [...(row?.split('|')[3] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]).sort()
    expect(listed).toEqual(OPERATION_NAMES.filter((n) => operation(n).role === role).sort())
  })
})
