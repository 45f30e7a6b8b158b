// The running `serve`'s view of the users file: re-read whenever the file changed
// (its mtime, size or inode; one stat per request, microseconds), so `npm run users`
// takes effect on the next request without a restart. A file that stops being valid
// lets no user in (the per-launch token still works) until it is fixed.
import { statSync } from 'node:fs'
import type { Role } from '../../../shared/operations.ts'
import { tokenMatches } from './tokens.ts'
import { loadUsers, type User, usersFile } from './users-file.ts'

export type TokenLookup = { user: User } | { revoked: User } | null

export interface UserDirectory {
  /** True once the users file names at least one user (team mode). */
  configured(): boolean
  /** The user a token belongs to (revoked ones said so), or null. */
  lookup(token: string): TokenLookup
}

export function createUserDirectory(
  dataDir: string,
  warn: (message: string) => void = () => {},
): UserDirectory {
  const file = usersFile(dataDir)
  let stamp = ''
  let users: User[] = []
  let broken = false
  const refresh = (): void => {
    let next = 'absent'
    try {
      const s = statSync(file)
      next = `${s.ino}:${s.size}:${s.mtimeMs}`
    } catch {}
    if (next === stamp) return
    stamp = next
    try {
      users = loadUsers(dataDir)
      broken = false
    } catch (error) {
      // Fail closed: a file we cannot read is still team mode, with nobody in it.
      users = []
      broken = true
      warn(`${(error as Error).message}; no user token is accepted until it is fixed`)
    }
  }
  refresh()
  return {
    configured() {
      refresh()
      return broken || users.length > 0
    },
    lookup(token) {
      refresh()
      // Every user's hash is computed (each has its own salt): no early exit on a match's position.
      let found: TokenLookup = null
      for (const user of users) {
        if (tokenMatches(token, user.salt, user.tokenHash) && found === null)
          found = user.revokedAt ? { revoked: user } : { user }
      }
      return found
    },
  }
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

/** viewer < operator < admin. */
export function roleAllows(has: Role, needs: Role): boolean {
  return RANK[has] >= RANK[needs]
}
