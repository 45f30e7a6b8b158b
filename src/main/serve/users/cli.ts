// `npm run users -- add NAME --role viewer|operator|admin` (prints the new token once, to stdout),
// `list`, `revoke NAME`, `role NAME ROLE`; `--data-dir DIR` (default: serve's data folder).
// A running `serve` picks the change up on its next request. Every change is written to the
// audit log. Errors go to stderr in words: exit 2 for bad usage (or an unreadable users
// file), 1 for an unknown user or a name already taken.
import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { z } from 'zod'
import { appendAudit } from '../../core/audit/audit-log.ts'
import { defaultDataDir } from '../../core/config/paths.ts'
import {
  addUser,
  findUser,
  loadUsers,
  revokeUser,
  roleSchema,
  saveUsers,
  setRole,
  UserError,
  userNameSchema,
} from './users-file.ts'

const USAGE = `usage: npm run users -- <command> [--data-dir DIR]
  add NAME --role viewer|operator|admin   add a user and print their token (shown this once only)
  list                                    names, roles, when added and revoked (never tokens)
  revoke NAME                             the user's token stops working at once
  role NAME ROLE                          change a user's role
  --data-dir   serve's data folder (default: ${defaultDataDir()})
roles: viewer reads; operator also mutes, pauses and runs stream actions; admin also changes
settings, the connection and users. Names are compared without case.`

class UsageError extends Error {}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new UsageError(`${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return null
  const [command, ...rest] = positionals
  const dir = values['data-dir'] ?? defaultDataDir()
  const arity = (n: number, shape: string): void => {
    if (rest.length !== n) throw new UsageError(`${command} takes ${shape}`)
  }
  switch (command) {
    case 'add': {
      arity(1, 'one NAME and --role ROLE')
      if (values.role === undefined) throw new UsageError('add needs --role viewer|operator|admin')
      const name = check(userNameSchema, rest[0], 'NAME')
      return { command, dir, name, role: check(roleSchema, values.role, '--role') }
    }
    case 'list':
      arity(0, 'no arguments')
      return { command, dir }
    case 'revoke':
      arity(1, 'one NAME')
      return { command, dir, name: check(userNameSchema, rest[0], 'NAME') }
    case 'role':
      arity(2, 'NAME and ROLE')
      return {
        command,
        dir,
        name: check(userNameSchema, rest[0], 'NAME'),
        role: check(roleSchema, rest[1], 'ROLE'),
      }
    case undefined:
      throw new UsageError('a command is needed: add, list, revoke or role')
    default:
      throw new UsageError(`unknown command ${command}: use add, list, revoke or role`)
  }
}

export async function runUsersCli(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  now: () => Date = () => new Date(),
): Promise<number> {
  let args: ReturnType<typeof parse>
  try {
    args = parse(argv)
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (args === null) {
    out(`${USAGE}\n`)
    return 0
  }
  let users: ReturnType<typeof loadUsers>
  try {
    users = loadUsers(args.dir)
  } catch (error) {
    err(`${(error as Error).message}\n`)
    return 2
  }
  if (args.command === 'list') {
    if (users.length === 0) err(`no users in ${args.dir}: serve runs single-user (the per-launch token)\n`)
    for (const u of users)
      out(
        `${u.name}\t${u.role}\tadded ${u.createdAt}\t${u.revokedAt ? `revoked ${u.revokedAt}` : 'active'}\n`,
      )
    return 0
  }
  const at = now()
  const audit = (operation: string, summary: object): void =>
    appendAudit(args.dir, {
      at: at.toISOString(),
      user: 'users CLI',
      operation,
      args: JSON.stringify(summary),
      outcome: 'ok',
    })
  try {
    mkdirSync(args.dir, { recursive: true, mode: 0o700 })
    if (args.command === 'add') {
      const added = addUser(users, args.name, args.role, at)
      saveUsers(args.dir, added.users)
      audit('users.add', { name: args.name, role: args.role })
      err(`added ${args.name} (${args.role}); their token, shown this once only:\n`)
      out(`${added.token}\n`)
    } else if (args.command === 'revoke') {
      saveUsers(args.dir, revokeUser(users, args.name, at))
      const name = findUser(users, args.name)?.name ?? args.name
      audit('users.revoke', { name })
      err(`revoked ${name}: their token no longer works\n`)
    } else {
      saveUsers(args.dir, setRole(users, args.name, args.role))
      const name = findUser(users, args.name)?.name ?? args.name
      audit('users.role', { name, role: args.role })
      err(`${name} is now ${args.role}\n`)
    }
    return 0
  } catch (error) {
    if (error instanceof UserError) {
      err(`${error.message}\n`)
      return 1
    }
    throw error
  }
}

if (import.meta.main) {
  runUsersCli(
    process.argv.slice(2),
    (t) => process.stdout.write(t),
    (t) => process.stderr.write(t),
  ).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`users failed: ${(error as Error).message}\n`)
      process.exitCode = 1
    },
  )
}
