// The operation table is the one place an operation is declared: outside the views
// and stores that use an operation, at most three files name it — the table, the
// implementation, and one more (e.g. the browser client's resync).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OPERATION_NAMES } from '../../../src/shared/operations.ts'

const root = join(import.meta.dirname, '../../..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

/** Views and stores that use operations: the renderer's, and the desktop's tray and notification picture. */
const VIEWS = [
  'src/renderer/src/views/',
  'src/renderer/src/state/',
  'src/renderer/src/components/',
  'src/main/app/presence.ts',
  'src/main/app/presence-rules.ts',
]
/** The implementation: the core and the store beneath it (whose own methods share some names) count once. */
const IMPLEMENTATION = 'src/main/core/'

/** Where a name is mentioned, with the implementation's files folded into one place. */
function placesNaming(name: string, sources: { file: string; text: string }[]): string[] {
  const word = new RegExp(`\\b${name}\\b`)
  const places = sources
    .filter((s) => !VIEWS.some((v) => s.file.startsWith(v)) && word.test(s.text))
    .map((s) => (s.file.startsWith(IMPLEMENTATION) ? IMPLEMENTATION : s.file))
  return [...new Set(places)].sort()
}

describe('the operation table', () => {
  const sources = files(join(root, 'src')).map((path) => ({
    file: relative(root, path).split('\\').join('/'),
    text: readFileSync(path, 'utf8'),
  }))

  it('declares twenty-eight operations (twenty, the reports, the schedules, the stream chart, the workspace overview and the audit log)', () => {
    expect(OPERATION_NAMES.length).toBe(28)
  })

  it.each(OPERATION_NAMES)('%s is named in at most 3 places outside the views: the table first', (name) => {
    const places = placesNaming(name, sources)
    expect(places).toContain('src/shared/operations.ts')
    expect(places.length, places.join(', ')).toBeLessThanOrEqual(3)
  })
})
