// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server binaries,
// `initdb` in a temp folder, `pg_ctl start` on a loopback port (and a socket in the same
// folder), stopped and deleted afterwards. Never the system cluster, never a mock. As root
// (CI) the server runs as the `postgres` user, which PostgreSQL requires. Where no server
// binaries exist, `findPostgres` says why, so a suite can skip with the reason printed.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface PostgresBinaries {
  bin: string
  version: string
}

export interface Postgres {
  /** `postgres://monitor@127.0.0.1:PORT/monitor` (trust auth on loopback, this cluster only). */
  url: string
  port: number
  host: string
  /** The cluster's temp folder (data, socket, server.log); deleted by stop. */
  dir: string
  stop(): Promise<void>
}

/** The server binaries (PATH's `initdb`, else the newest /usr/lib/postgresql/N/bin), or why there are none. */
export function findPostgres(): PostgresBinaries | { missing: string } {
  const candidates: string[] = []
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' })
  const onPath = which.stdout.trim()
  // PATH may hold symlinks to the real bin folder (where psql is too).
  if (which.status === 0 && onPath) candidates.push(dirname(realpathSync(onPath)))
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      candidates.push(join(debian, v, 'bin'))
  }
  for (const bin of candidates) {
    if (!existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl'))) continue
    const out = spawnSync(join(bin, 'initdb'), ['--version'], { encoding: 'utf8' })
    if (out.status === 0) return { bin, version: out.stdout.trim() }
  }
  return {
    missing:
      'no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; ' +
      'install Debian\'s "postgresql" package (.ci/run does)',
  }
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a server binary, as `postgres` when we are root (initdb and postgres refuse root). */
function run(bin: string, tool: string, args: string[]): string {
  const path = join(bin, tool)
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args]
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

/**
 * Starts a fresh cluster with a `monitor` superuser and database. `host` is a loopback
 * address (team-mode tests may use 127.0.0.2…). Options go to the server as `-c` settings.
 */
export async function startPostgres(
  options: { host?: string; settings?: Record<string, string | number> } = {},
): Promise<Postgres> {
  const found = findPostgres()
  if ('missing' in found) throw new Error(found.missing)
  const host = options.host ?? '127.0.0.1'
  const root = mkdtempSync(join(tmpdir(), 'fpm-pg-'))
  const data = join(root, 'data')
  if (isRoot()) {
    const { uid, gid } = postgresIds()
    chownSync(root, uid, gid)
  }
  chmodSync(root, 0o700)
  run(found.bin, 'initdb', [
    '-D',
    data,
    '-U',
    'monitor',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ])
  const port = await freePort(host)
  const settings: Record<string, string | number> = {
    listen_addresses: host,
    port,
    unix_socket_directories: root,
    fsync: 'on',
    synchronous_commit: 'on',
    max_connections: 100,
    ...options.settings,
  }
  const serverArgs = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${String(v)}`)
    .join(' ')
  const stopServer = (): void => {
    try {
      run(found.bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }
  try {
    run(found.bin, 'pg_ctl', [
      '-D',
      data,
      '-l',
      join(root, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      serverArgs,
      'start',
    ])
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
  try {
    run(found.bin, 'psql', [
      '-h',
      root,
      '-p',
      String(port),
      '-U',
      'monitor',
      '-d',
      'postgres',
      '-c',
      'CREATE DATABASE monitor',
    ])
  } catch (error) {
    stopServer()
    throw error
  }
  let stopped = false
  return {
    url: `postgres://monitor@${host}:${port}/monitor`,
    port,
    host,
    dir: root,
    async stop() {
      if (stopped) return
      stopped = true
      stopServer()
    },
  }
}
