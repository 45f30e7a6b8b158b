// D7: everything the monitor writes is readable by its user only: files 0600, folders
// 0700. Modes are given explicitly where files are made (never by changing the umask:
// it is process-wide, cannot be set from a worker thread, and in the desktop app would
// also change every file Chromium writes). Files SQLite makes itself (-wal, -shm,
// -journal) take the mode of their database file, which is created here first.
//
// Only path-based calls (stat, chmod, open with O_EXCL that fails on an existing file):
// opening and closing a file SQLite holds a POSIX lock on would drop that lock.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const FILE_MODE = 0o600
export const DIR_MODE = 0o700

const isCode = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException)?.code === code

/** Creates `file` empty with mode 0600 unless it exists; an existing one is made 0600. */
export function createPrivateFile(file: string): void {
  try {
    writeFileSync(file, '', { flag: 'wx', mode: FILE_MODE })
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error
    chmodSync(file, FILE_MODE)
  }
}

/** chmod 0600 when the file exists (a -wal or -shm left by an earlier run). */
export function privateIfPresent(file: string): void {
  try {
    chmodSync(file, FILE_MODE)
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error
  }
}

/**
 * Creates `dir` (and missing parents) with mode 0700, and makes `dir` itself 0700 when
 * it already existed. Parents that existed are left as they are: they may not be ours.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE })
  chmodSync(dir, DIR_MODE)
}

/** A workspace folder as an older version may have left it: the folder 0700, its files 0600. */
export function tightenFolder(dir: string): void {
  makePrivateDir(dir)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isFile()) privateIfPresent(path)
    else if (entry.isDirectory()) chmodSync(path, DIR_MODE)
  }
}
