// 13b: the dashboard link with its token is printed for a person at a terminal
// (stderr a TTY, here a real pseudo-terminal from util-linux `script`), and never
// to a log: a run with stderr piped keeps the token out of every stderr line,
// debug logging included. The JSON line on stdout, for programs, is unchanged.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { descendants, isRunning } from '../support/process-tree.ts'
import { ROOT, type ServeLine, spawnServe, tempDir, waitFor } from '../support/serve.ts'

const dirs: string[] = []
const started: ChildProcess[] = []
afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL')
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

describe('the dashboard link and the token (13b)', () => {
  it('not a terminal: no stderr line holds the token, even at debug level', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const serve = await spawnServe([
      '--demo',
      '--log-level',
      'debug',
      '--data-dir',
      dir,
      '--webhook-port',
      '0',
      '--port',
      '0',
    ])
    started.push(serve.child)
    const { apiUrl, apiToken, dashboardUrl } = serve.line
    expect(dashboardUrl).toBe(`${apiUrl}/?token=${apiToken}`)
    expect((await fetch(`${apiUrl}/api/receiver?token=${apiToken}`)).status).toBe(200)
    expect((await fetch(`${apiUrl}/api/receiver?token=${apiToken}x`)).status).toBe(401)
    serve.child.kill('SIGTERM')
    expect(await serve.exited).toBe(0)
    expect(serve.stderr()).toContain('dashboard on')
    expect(serve.stderr()).not.toContain(apiToken)
    expect(serve.stderr()).not.toContain('Dashboard:')
    expect(serve.stdoutLines).toHaveLength(1)
  }, 60_000)

  it('a terminal: "Dashboard: <link with token>" on stderr, and the link opens a working page', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const jsonFile = join(dir, 'stdout.json')
    const command = [
      'exec',
      shellQuote(process.execPath),
      shellQuote(join(ROOT, 'src/main/serve/cli.ts')),
      '--demo --webhook-port 0 --port 0 --data-dir',
      shellQuote(join(dir, 'data')),
      '>',
      shellQuote(jsonFile),
    ].join(' ')
    // `script` gives the command a pseudo-terminal; stdout goes to a file, so what the terminal shows is stderr.
    const pty = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] })
    started.push(pty)
    let screen = ''
    pty.stdout.on('data', (d: Buffer) => {
      screen += d.toString()
    })
    const printed = await waitFor(
      () => /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(screen)?.[1],
      20_000,
      'the Dashboard line on the terminal',
    )
    const line = JSON.parse(readFileSync(jsonFile, 'utf8').trim()) as ServeLine
    expect(printed).toBe(line.dashboardUrl)
    // The JSON line for programs is printed as before, and only there on stdout.
    expect(screen).not.toContain('"apiToken"')
    // Logs on the same terminal still never show the token: only the Dashboard line does.
    const withToken = screen.split(/\r?\n/).filter((l) => l.includes(line.apiToken))
    expect(withToken).toEqual([`Dashboard: ${line.dashboardUrl}`])

    const page = await fetch(printed)
    expect(page.status).toBe(200)
    const token = new URL(printed).searchParams.get('token')
    expect((await fetch(`${line.apiUrl}/api/snapshot?token=${token}`)).status).toBe(200)

    const tree = descendants(pty.pid ?? 0)
    const serve = tree.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.ts'))
    expect(serve).toBeDefined()
    process.kill(serve!, 'SIGTERM')
    await waitFor(() => !isRunning(serve!) && pty.exitCode !== null, 10_000, 'serve to stop')
  }, 60_000)
})
