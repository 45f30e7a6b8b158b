// `npm run users`, as the real CLI child process on a temp data folder: add prints the
// token once (stdout, nothing else there), list never shows tokens, revoke and role
// change the file; usage errors exit 2, unknown users and taken names exit 1, in words.
// A running `serve` takes the changes on its next request, without a restart.
import { spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudit } from '../../src/main/core/audit/audit-log.ts'
import { ROOT, spawnServe, tempDir } from '../support/serve.ts'

let dir = ''
beforeAll(async () => {
  dir = await tempDir('fpm-users-cli-')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function users(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'src/main/serve/users/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString()
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })))
}

describe('npm run users', () => {
  let aliceToken = ''

  it('add prints the token once, on stdout alone, and keeps only its hash (0600)', async () => {
    const added = await users('add', 'alice', '--role', 'viewer', '--data-dir', dir)
    expect(added.code).toBe(0)
    aliceToken = added.out.trim()
    expect(aliceToken).toMatch(/^fpm_[A-Za-z0-9_-]{43}$/)
    expect(added.out).toBe(`${aliceToken}\n`)
    expect(added.err).toMatch(/added alice \(viewer\); their token, shown this once only/)
    const file = join(dir, 'users.json')
    expect(readFileSync(file, 'utf8')).not.toContain(aliceToken)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a taken name (any case) with exit 1, and bad usage with exit 2, in words', async () => {
    const taken = await users('add', 'ALICE', '--role', 'admin', '--data-dir', dir)
    expect(taken).toMatchObject({ code: 1, out: '' })
    expect(taken.err).toMatch(/A user named alice already exists/)
    const badRole = await users('add', 'bob', '--role', 'root', '--data-dir', dir)
    expect(badRole.code).toBe(2)
    expect(badRole.err).toMatch(/^--role: a role is viewer, operator or admin\nusage: npm run users/)
    expect((await users('add', 'bob', '--data-dir', dir)).err).toMatch(/add needs --role/)
    expect((await users('add', 'bad name!', '--role', 'viewer', '--data-dir', dir)).code).toBe(2)
    expect((await users('frobnicate', '--data-dir', dir)).err).toMatch(/unknown command frobnicate/)
    expect((await users('--data-dir', dir)).code).toBe(2)
    const unknown = await users('revoke', 'carol', '--data-dir', dir)
    expect(unknown).toMatchObject({ code: 1, err: 'There is no user named carol.\n' })
    expect((await users('role', 'carol', 'admin', '--data-dir', dir)).code).toBe(1)
  })

  it('a running serve takes role changes and revocations on its next request', async () => {
    const serve = await spawnServe(['--demo', '--data-dir', dir, '--webhook-port', '0', '--port', '0'])
    try {
      const get = (path: string, token: string) =>
        fetch(`${serve.line.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
      expect((await get('/api/snapshot', aliceToken)).status).toBe(200)
      const refused = await get('/api/audit', aliceToken)
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
        'This needs the admin role; alice is a viewer.',
      )
      expect((await users('role', 'Alice', 'admin', '--data-dir', dir)).code).toBe(0)
      expect((await get('/api/audit', aliceToken)).status).toBe(200)
      expect((await users('revoke', 'alice', '--data-dir', dir)).code).toBe(0)
      expect((await get('/api/snapshot', aliceToken)).status).toBe(401)
      // The per-launch token is the admin of the person who started serve.
      expect((await get('/api/audit', serve.line.apiToken)).status).toBe(200)
    } finally {
      serve.child.kill('SIGTERM')
      await serve.exited
    }
  }, 30_000)

  it('list shows names, roles, when added and revoked, never a token; every change is audited', async () => {
    const listed = await users('list', '--data-dir', dir)
    expect(listed.code).toBe(0)
    expect(listed.out).toMatch(/^alice\tadmin\tadded \S+\trevoked \S+\n$/)
    expect(listed.out).not.toContain('fpm_')
    expect(
      readAudit(dir)
        .filter((e) => e.user === 'users CLI')
        .map((e) => [e.operation, e.args])
        .reverse(),
    ).toEqual([
      ['users.add', '{"name":"alice","role":"viewer"}'],
      ['users.role', '{"name":"alice","role":"admin"}'],
      ['users.revoke', '{"name":"alice"}'],
    ])
  })
})
