// D6: one writer per workspace folder. Two processes (two `serve`, or `serve` and the
// desktop app) writing one monitor.sqlite would each think they own its counters, hold
// and retention. The lock is an OS file lock, taken through SQLite on a small file of its
// own (exclusive locking mode, held until close): the OS drops it when the holder dies
// however it dies (kill -9 included), so a stale lock never blocks the next start and no
// PID has to be trusted to decide it. The holder's PID is written next to it for the
// message a second process prints.
//
// Never open monitor.lock with node:fs in this process: closing any descriptor of a file
// drops every POSIX lock the process has on it.
import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { setTimeout as sleep } from 'node:timers/promises'
import { createPrivateFile, FILE_MODE } from '../config/private-files.ts'
import { StoreError } from './client.ts'

export const LOCK_FILE = 'monitor.lock'
export const PID_FILE = 'monitor.pid'

/** Another process (or another monitor in this one) has the workspace folder open. */
export class FolderInUseError extends Error {
  readonly code = 'FOLDER_IN_USE'
  readonly dir: string
  /** The holder's PID as it recorded it; null when it could not be read. */
  readonly pid: number | null

  constructor(dir: string, pid: number | null) {
    super(
      `the data folder ${dir} is in use by another FastPix Live Monitor (${pid === null ? 'PID unknown' : `PID ${pid}`}); stop it first, or use another data folder`,
    )
    this.name = 'FolderInUseError'
    this.dir = dir
    this.pid = pid
  }
}

export interface FolderLock {
  readonly dir: string
  /** Gives the folder up (idempotent). */
  release(): void
}

const SQLITE_BUSY = 5

/** Takes the folder's lock now, or throws FolderInUseError naming the holder. */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const file = join(dir, LOCK_FILE)
  let db: DatabaseSync
  try {
    createPrivateFile(file)
    db = new DatabaseSync(file, { timeout: 0 })
  } catch (error) {
    throw new StoreError(`store: unable to open ${file}: ${(error as Error).message}`)
  }
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    db.exec('PRAGMA journal_mode = MEMORY')
    // In exclusive locking mode the write lock taken here is kept after COMMIT, until close.
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
  } catch (error) {
    db.close()
    if (!isBusy(error)) throw error
    throw new FolderInUseError(dir, await liveHolder(dir))
  }
  const pidFile = join(dir, PID_FILE)
  try {
    writePid(pidFile)
  } catch (error) {
    db.close()
    throw error
  }
  let released = false
  return {
    dir,
    release() {
      if (released) return
      released = true
      // The PID file first: once the lock is gone the next holder may already write its own.
      if (holder(dir) === process.pid) rmSync(pidFile, { force: true })
      db.close()
    },
  }
}

/** SQLITE_BUSY: by its code where this node:sqlite gives one, else by SQLite's words for it. */
function isBusy(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: unknown; message?: unknown }
  return errcode === SQLITE_BUSY || (typeof message === 'string' && /database is locked/i.test(message))
}

function writePid(file: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(temp, `${process.pid}\n`, { mode: FILE_MODE })
  renameSync(temp, file)
}

/**
 * The PID of the lock's holder. A holder that has just taken the lock may not have
 * written its PID yet (the file then names nobody, or a holder that died): read again
 * for a moment before giving up.
 */
async function liveHolder(dir: string): Promise<number | null> {
  let pid = holder(dir)
  for (let tries = 0; tries < 10 && (pid === null || !alive(pid)); tries++) {
    await sleep(20)
    pid = holder(dir)
  }
  return pid
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function holder(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, PID_FILE), 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}
