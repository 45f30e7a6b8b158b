// The audit log: appended one line per change, 0600, read newest first with a limit
// and a `before` cursor, rotated at its size bound (one older file kept), secrets redacted.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AUDIT_FILE,
  appendAudit,
  ROTATED_AUDIT_FILE,
  readAudit,
  summarizeArgs,
} from '../../../../src/main/core/audit/audit-log.ts'
import type { AuditEntry } from '../../../../src/shared/audit.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fpm-audit-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const entry = (i: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  user: `u${i}`,
  operation: 'muteStream',
  args: '{}',
  outcome: 'ok',
})

describe('the audit log', () => {
  it('is empty when absent', () => {
    expect(readAudit(dir)).toEqual([])
  })

  it('reads newest first, limited, before a moment; the file is 0600', () => {
    for (let i = 0; i < 5; i++) appendAudit(dir, entry(i))
    expect(statSync(join(dir, AUDIT_FILE)).mode & 0o777).toBe(0o600)
    expect(readAudit(dir).map((e) => e.user)).toEqual(['u4', 'u3', 'u2', 'u1', 'u0'])
    expect(readAudit(dir, { limit: 2 }).map((e) => e.user)).toEqual(['u4', 'u3'])
    expect(readAudit(dir, { before: Date.parse(entry(3).at) }).map((e) => e.user)).toEqual(['u2', 'u1', 'u0'])
  })

  it('rotates at its bound, keeps one older file, and reads across both', () => {
    for (let i = 0; i < 3; i++) appendAudit(dir, entry(i), 200)
    for (let i = 3; i < 6; i++) appendAudit(dir, entry(i), 200)
    expect(readFileSync(join(dir, ROTATED_AUDIT_FILE), 'utf8').length).toBeGreaterThan(0)
    const all = readAudit(dir).map((e) => e.user)
    // Whatever was rotated twice is gone; what is kept is in order.
    expect(all[0]).toBe('u5')
    expect(all).toEqual([...all].sort().reverse())
    expect(readFileSync(join(dir, AUDIT_FILE), 'utf8').length).toBeLessThan(400)
  })

  it('skips a line cut short by a crash', () => {
    appendAudit(dir, entry(0))
    writeFileSync(join(dir, AUDIT_FILE), `${readFileSync(join(dir, AUDIT_FILE), 'utf8')}{"at":"2026-`, {
      flag: 'w',
    })
    appendAudit(dir, entry(1))
    expect(readAudit(dir).map((e) => e.user)).toEqual(['u1', 'u0'])
  })

  it('redacts secrets and tokens in argument summaries', () => {
    const text = summarizeArgs({
      secret: 'c2VjcmV0',
      token: 'fpm_x',
      input: { secretKey: 'k', authtoken: 'a', name: 'ok' },
    })
    expect(text).not.toMatch(/c2VjcmV0|fpm_x|"k"|"a"/)
    expect(text).toContain('"name":"ok"')
    expect(summarizeArgs({ long: 'x'.repeat(1000) }).length).toBeLessThanOrEqual(400)
  })
})
