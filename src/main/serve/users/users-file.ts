// The users file, `<data-dir>/users.json` (0600, written atomically: a temp file then
// a rename): each user's name, role, token hash and salt, and when they were added and
// revoked. Never a token. No users file (or an empty list) is the single-user mode.
import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Role } from '../../../shared/operations.ts'
import { FILE_MODE } from '../../core/config/private-files.ts'
import { hashToken, newSalt, newToken } from './tokens.ts'

export const USERS_FILE = 'users.json'
export const ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[]

export const userNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: 'a name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
export const roleSchema = z.enum(ROLES, { error: 'a role is viewer, operator or admin' })

const userSchema = z.strictObject({
  name: userNameSchema,
  role: roleSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  salt: z.string().min(16).max(64),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
})
const fileSchema = z.strictObject({ version: z.literal(1), users: z.array(userSchema) })

export type User = z.infer<typeof userSchema>

/** A refusal the CLI answers with exit code 1 (unknown user, duplicate name). */
export class UserError extends Error {}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

export function usersFile(dataDir: string): string {
  return join(dataDir, USERS_FILE)
}

/** The users of a data folder; [] when it has no users file. Throws in words when the file is not valid. */
export function loadUsers(dataDir: string): User[] {
  const file = usersFile(dataDir)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${file} is not valid JSON; fix or remove it`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${file}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`)
  }
  const names = new Set<string>()
  for (const user of parsed.data.users) {
    const key = user.name.toLowerCase()
    if (names.has(key)) throw new Error(`${file}: the name ${user.name} is there twice`)
    names.add(key)
  }
  return parsed.data.users
}

export function saveUsers(dataDir: string, users: readonly User[]): void {
  const file = usersFile(dataDir)
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temp, `${JSON.stringify({ version: 1, users }, null, 2)}\n`, {
      mode: FILE_MODE,
      flag: 'wx',
    })
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

export function findUser(users: readonly User[], name: string): User | undefined {
  return users.find((u) => sameName(u.name, name))
}

function known(users: readonly User[], name: string): User {
  const user = findUser(users, name)
  if (!user) throw new UserError(`There is no user named ${name}.`)
  return user
}

/** A new user and its token (the only time the token exists outside the person's hands). */
export function addUser(
  users: readonly User[],
  name: string,
  role: Role,
  now = new Date(),
): { users: User[]; token: string } {
  const existing = findUser(users, name)
  if (existing)
    throw new UserError(
      `A user named ${existing.name} already exists (names are compared without case)${existing.revokedAt ? '; it is revoked, but its name stays taken so the audit log stays unambiguous' : ''}.`,
    )
  const token = newToken()
  const salt = newSalt()
  const user: User = {
    name,
    role,
    tokenHash: hashToken(token, salt),
    salt,
    createdAt: now.toISOString(),
    revokedAt: null,
  }
  return { users: [...users, user], token }
}

export function revokeUser(users: readonly User[], name: string, now = new Date()): User[] {
  const user = known(users, name)
  if (user.revokedAt) throw new UserError(`${user.name} was already revoked on ${user.revokedAt}.`)
  return users.map((u) => (u === user ? { ...u, revokedAt: now.toISOString() } : u))
}

export function setRole(users: readonly User[], name: string, role: Role): User[] {
  const user = known(users, name)
  return users.map((u) => (u === user ? { ...u, role } : u))
}
