// The audit log: one JSON line per change made through `serve` (or the users CLI), in
// `<data-dir>/audit.jsonl`, 0600. Bounded: past ROTATE_BYTES the file becomes
// `audit.1.jsonl` (one older file kept, the one before it dropped), so at most about
// twice that is kept. Read by admins through the operation table's audit query; the
// desktop (single user, no `serve`) reads the same file of its data folder, usually absent.
import { appendFileSync, closeSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditEntry, AuditQuery } from '../../../shared/audit.ts'
import { FILE_MODE } from '../config/private-files.ts'

export const AUDIT_FILE = 'audit.jsonl'
export const ROTATED_AUDIT_FILE = 'audit.1.jsonl'
export const ROTATE_BYTES = 10 * 1024 * 1024
const DEFAULT_LIMIT = 100
const ARGS_CHARS = 400

const SECRET_KEY = /secret|token|password|authtoken|key/i

/** Arguments as short JSON with every secret-looking field replaced (signing secrets, tokens, keys). */
export function summarizeArgs(value: unknown): string {
  const redact = (v: unknown, depth: number): unknown => {
    if (Array.isArray(v)) return v.map((item) => redact(item, depth + 1))
    if (typeof v !== 'object' || v === null) return v
    if (depth > 6) return '…'
    return Object.fromEntries(
      Object.entries(v).map(([k, item]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(item, depth + 1)]),
    )
  }
  const text = JSON.stringify(redact(value, 0)) ?? ''
  return text.length > ARGS_CHARS ? `${text.slice(0, ARGS_CHARS - 1)}…` : text
}

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/**
 * Appends one entry (synchronously: a change is rare and the line must be there before
 * the answer goes out). Rotates first when the file has reached `rotateBytes`.
 */
export function appendAudit(dataDir: string, entry: AuditEntry, rotateBytes = ROTATE_BYTES): void {
  const file = join(dataDir, AUDIT_FILE)
  const size = sizeOf(file)
  if (size >= rotateBytes) renameSync(file, join(dataDir, ROTATED_AUDIT_FILE))
  // A line cut short by a crash would swallow this one: start on a fresh line.
  const torn = size > 0 && size < rotateBytes && lastByte(file, size) !== 0x0a
  appendFileSync(file, `${torn ? '\n' : ''}${JSON.stringify(entry)}\n`, { mode: FILE_MODE })
}

function lastByte(file: string, size: number): number {
  const fd = openSync(file, 'r')
  try {
    const one = Buffer.alloc(1)
    readSync(fd, one, 0, 1, size - 1)
    return one[0] ?? 0x0a
  } finally {
    closeSync(fd)
  }
}

function linesOf(file: string): AuditEntry[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const entries: AuditEntry[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const entry = JSON.parse(line) as AuditEntry
      if (typeof entry.at === 'string' && typeof entry.operation === 'string') entries.push(entry)
    } catch {
      // A line cut short by a crash mid-write: skipped, the rest still reads.
    }
  }
  return entries
}

/** Entries newest first, before `query.before`, at most `query.limit`. */
export function readAudit(dataDir: string, query: AuditQuery = {}): AuditEntry[] {
  const limit = query.limit ?? DEFAULT_LIMIT
  const before = query.before ?? Number.POSITIVE_INFINITY
  const all = [...linesOf(join(dataDir, ROTATED_AUDIT_FILE)), ...linesOf(join(dataDir, AUDIT_FILE))]
  const out: AuditEntry[] = []
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
    const entry = all[i] as AuditEntry
    if (Date.parse(entry.at) < before) out.push(entry)
  }
  return out
}
