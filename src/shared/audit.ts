// The audit log's entry: who changed what, through which operation, and how it ended.
// Types only (the renderer compiles this file too).

export type AuditOutcome = 'ok' | 'refused' | 'failed'

export interface AuditEntry {
  /** ISO 8601 time of the change (or of its refusal). */
  at: string
  /** The user's name; `launch token` for the per-launch token of the person who started `serve`. */
  user: string
  /** The operation's name in the table, or `users.add` / `users.revoke` / `users.role` for the users CLI. */
  operation: string
  /** The arguments, short and with secrets and tokens redacted. */
  args: string
  outcome: AuditOutcome
  /** Why it was refused or failed, in words (absent when ok). */
  detail?: string
}

export interface AuditQuery {
  /** At most this many entries, newest first (default 100). */
  limit?: number
  /** Only entries before this moment (ms since the epoch): the next page's cursor is the last `at`. */
  before?: number
}
