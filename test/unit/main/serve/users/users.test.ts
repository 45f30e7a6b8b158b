// The users file and its tokens: a token is shown once and kept only as a salted hash,
// names are unique without case, the file is 0600 and replaced whole, a bad file is
// refused in words; the running directory sees changes without a restart.
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUserDirectory, roleAllows } from '../../../../../src/main/serve/users/directory.ts'
import { createFailureLimit } from '../../../../../src/main/serve/users/failure-limit.ts'
import {
  hashToken,
  newToken,
  TOKEN_PREFIX,
  tokenMatches,
} from '../../../../../src/main/serve/users/tokens.ts'
import {
  addUser,
  loadUsers,
  revokeUser,
  saveUsers,
  setRole,
  UserError,
  usersFile,
} from '../../../../../src/main/serve/users/users-file.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fpm-users-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('tokens', () => {
  it('are long, random, base64url, with a recognisable prefix', () => {
    const a = newToken()
    const b = newToken()
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true)
    expect(a.slice(TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
  })

  it('match only their own hash and salt', () => {
    const token = newToken()
    const hash = hashToken(token, 'salt-0123456789ab')
    expect(tokenMatches(token, 'salt-0123456789ab', hash)).toBe(true)
    expect(tokenMatches(`${token}x`, 'salt-0123456789ab', hash)).toBe(false)
    expect(tokenMatches(token, 'salt-other-012345', hash)).toBe(false)
    expect(tokenMatches(token, 'salt-0123456789ab', 'abcd')).toBe(false)
  })
})

describe('the users file', () => {
  it('keeps no token, is 0600, and reads back what was saved', () => {
    const { users, token } = addUser([], 'alice', 'viewer', new Date('2026-01-02T03:04:05Z'))
    saveUsers(dir, users)
    const text = readFileSync(usersFile(dir), 'utf8')
    expect(text).not.toContain(token)
    expect(text).not.toContain(token.slice(TOKEN_PREFIX.length))
    expect(statSync(usersFile(dir)).mode & 0o777).toBe(0o600)
    const back = loadUsers(dir)
    expect(back).toEqual(users)
    expect(back[0]).toMatchObject({
      name: 'alice',
      role: 'viewer',
      createdAt: '2026-01-02T03:04:05.000Z',
      revokedAt: null,
    })
    expect(tokenMatches(token, back[0]!.salt, back[0]!.tokenHash)).toBe(true)
  })

  it('is no users when absent', () => {
    expect(loadUsers(dir)).toEqual([])
  })

  it('refuses a second user of the same name, whatever its case', () => {
    const { users } = addUser([], 'Alice', 'viewer')
    expect(() => addUser(users, 'alice', 'admin')).toThrow(UserError)
    expect(() => addUser(users, 'ALICE', 'admin')).toThrow(/A user named Alice already exists/)
  })

  it('revokes and changes roles by name without case; unknown names in words', () => {
    const { users } = addUser([], 'bob', 'viewer')
    const promoted = setRole(users, 'BOB', 'operator')
    expect(promoted[0]?.role).toBe('operator')
    const revoked = revokeUser(promoted, 'Bob', new Date('2026-02-01T00:00:00Z'))
    expect(revoked[0]?.revokedAt).toBe('2026-02-01T00:00:00.000Z')
    expect(() => revokeUser(revoked, 'bob')).toThrow(/already revoked/)
    expect(() => setRole(users, 'carol', 'admin')).toThrow('There is no user named carol.')
  })

  it('refuses a broken file in words', () => {
    writeFileSync(usersFile(dir), '{nope')
    expect(() => loadUsers(dir)).toThrow(/is not valid JSON/)
    writeFileSync(usersFile(dir), JSON.stringify({ version: 1, users: [{ name: 'x', role: 'root' }] }))
    expect(() => loadUsers(dir)).toThrow(/users\.0\.role: a role is viewer, operator or admin/)
    const { users } = addUser([], 'dup', 'viewer')
    writeFileSync(
      usersFile(dir),
      JSON.stringify({ version: 1, users: [users[0], { ...users[0], name: 'DUP' }] }),
    )
    expect(() => loadUsers(dir)).toThrow(/the name DUP is there twice/)
  })
})

describe('the running directory', () => {
  it('is single-user with no file, and sees users added, revoked and re-roled without a restart', () => {
    const directory = createUserDirectory(dir)
    expect(directory.configured()).toBe(false)
    const first = addUser([], 'alice', 'viewer')
    saveUsers(dir, first.users)
    expect(directory.configured()).toBe(true)
    expect(directory.lookup(first.token)).toMatchObject({ user: { name: 'alice', role: 'viewer' } })
    expect(directory.lookup(newToken())).toBeNull()
    saveUsers(dir, setRole(first.users, 'alice', 'admin'))
    expect(directory.lookup(first.token)).toMatchObject({ user: { role: 'admin' } })
    saveUsers(dir, revokeUser(loadUsers(dir), 'alice'))
    expect(directory.lookup(first.token)).toMatchObject({ revoked: { name: 'alice' } })
  })

  it('lets nobody in while the file is broken, and says so', () => {
    const first = addUser([], 'alice', 'admin')
    saveUsers(dir, first.users)
    const warnings: string[] = []
    const directory = createUserDirectory(dir, (w) => warnings.push(w))
    writeFileSync(usersFile(dir), '{nope')
    utimesSync(usersFile(dir), new Date(), new Date(Date.now() + 5000))
    expect(directory.configured()).toBe(true)
    expect(directory.lookup(first.token)).toBeNull()
    expect(warnings[0]).toMatch(
      /not valid JSON; fix or remove it; no user token is accepted until it is fixed/,
    )
  })
})

describe('roles and the wrong-token limit', () => {
  it('orders viewer < operator < admin', () => {
    expect(roleAllows('viewer', 'viewer')).toBe(true)
    expect(roleAllows('viewer', 'operator')).toBe(false)
    expect(roleAllows('operator', 'operator')).toBe(true)
    expect(roleAllows('operator', 'admin')).toBe(false)
    expect(roleAllows('admin', 'operator')).toBe(true)
  })

  it('blocks an address after 10 failures in a minute, until the window ends, and forgets the oldest address first', () => {
    const limit = createFailureLimit({ maxAddresses: 2 })
    for (let i = 0; i < 9; i++) limit.failed('a', 1000)
    expect(limit.blockedFor('a', 1000)).toBe(0)
    limit.failed('a', 1000)
    expect(limit.blockedFor('a', 1000)).toBe(60)
    expect(limit.blockedFor('a', 31_000)).toBe(30)
    expect(limit.blockedFor('b', 31_000)).toBe(0)
    expect(limit.blockedFor('a', 61_000)).toBe(0)
    for (let i = 0; i < 10; i++) limit.failed('a', 62_000)
    limit.failed('b', 62_000)
    limit.failed('c', 62_000)
    // Bounded: `a` was the oldest entry and made room for `c`.
    expect(limit.blockedFor('a', 62_000)).toBe(0)
  })
})
