// S4: the electronegativity lint really scans (a planted HIGH finding is caught),
// reads the findings itself (the tool exits 0 regardless), honours only explained
// allowlist entries, and passes on our source.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error — a plain .mjs script without type declarations
import { evaluate, readAllowlist, scan } from '../../../../scripts/electronegativity.mjs'

interface Finding {
  id: string
  severity: string
  file: string
}
const root = join(import.meta.dirname, '../../../..')
const dir = mkdtempSync(join(tmpdir(), 'fpm-eng-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('electronegativity lint', () => {
  it('catches an insecure window as HIGH and fails on it unless allowlisted with a reason', async () => {
    writeFileSync(
      join(dir, 'main.js'),
      "const { BrowserWindow } = require('electron')\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } })\n",
    )
    const { findings, errors } = (await scan(dir)) as { findings: Finding[]; errors: unknown[] }
    expect(errors).toEqual([])
    const high = findings.filter((f) => f.severity === 'HIGH')
    expect(high.map((f) => f.id)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    )
    expect(evaluate(findings, []).blocking.length).toBe(high.length)
    const allow = high.map((f) => ({ id: f.id, file: f.file, reason: 'planted on purpose for this test' }))
    expect(evaluate(findings, allow).blocking).toEqual([])
    expect(evaluate([], allow).unused).toHaveLength(allow.length)
  }, 60_000)

  it('every allowlist entry must explain itself', () => {
    const file = join(dir, 'allow.json')
    writeFileSync(file, JSON.stringify([{ id: 'X', file: 'a.ts', reason: 'ok' }]))
    expect(() => readAllowlist(file)).toThrow(/reason/)
  })

  it('our source has no unexplained HIGH finding and every file parses', async () => {
    const { findings, errors } = (await scan(join(root, 'src'))) as { findings: Finding[]; errors: unknown[] }
    expect(errors).toEqual([])
    expect(evaluate(findings, readAllowlist()).blocking).toEqual([])
  }, 60_000)
})
