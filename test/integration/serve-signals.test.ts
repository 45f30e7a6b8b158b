// T6: SIGINT, SIGTERM or SIGHUP sent to the npm process itself (not its group) of
// `npm start` (browser mode: no Electron binary or display here, and the test
// forces it anyway) and `npm run serve` ends every descendant and frees every port
// within 5 s. The process tree is read from /proc before the signal. `serve` runs
// twice: on loopback, and with its dashboard exposed (`--listen 127.0.0.2`, a
// non-default loopback address that takes the exposed path without leaving the machine).
import { type ChildProcess, spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { commandOf, descendants, isRunning, listeningPorts, stillListening } from '../support/process-tree.ts'
import { ROOT, tempDir, waitFor } from '../support/serve.ts'

const GATE_MS = 5000
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const

interface Run {
  npm: ChildProcess
  stdout: () => string
  stderr: () => string
  dir: string
}

const runs: Run[] = []
const spawned = new Set<number>()

afterEach(async () => {
  // Whatever a failed run left behind is stopped here, by the ids it had.
  for (const pid of spawned) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
  spawned.clear()
  for (const run of runs.splice(0)) await rm(run.dir, { recursive: true, force: true })
})

type Script = 'start' | 'serve' | 'serve --listen 127.0.0.2'

async function npmRun(script: Script): Promise<Run> {
  const dir = await tempDir('fpm-signals-')
  const args = ['--port', '0', '--webhook-port', '0', '--data-dir', dir]
  if (script !== 'start' && script !== 'serve')
    args.push('--listen', '127.0.0.2', '--public-host', 'monitor.example.com')
  const npm = spawn(
    'npm',
    script === 'start' ? ['start', '--', ...args] : ['run', 'serve', '--', '--demo', ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // Skip the build check (out/ may be stale here; the fallback page is enough) and
        // make sure `npm start` takes the browser-mode path even where Electron could run.
        FASTPIX_START_NO_BUILD: '1',
        ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  npm.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  npm.stderr?.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const run = { npm, stdout: () => out, stderr: () => err, dir }
  runs.push(run)
  if (npm.pid) spawned.add(npm.pid)
  return run
}

async function serving(run: Run): Promise<{ tree: number[]; ports: number[] }> {
  const pid = run.npm.pid ?? 0
  // Serving: the dashboard, the webhook receiver and the demo's REST listener are up.
  return waitFor(
    () => {
      if (run.npm.exitCode !== null) throw new Error(`npm exited early:\n${run.stdout()}\n${run.stderr()}`)
      const tree = descendants(pid)
      for (const p of tree) spawned.add(p)
      const ports = listeningPorts(tree)
      return ports.length >= 3 && /127\.0\.0\.1:\d+/.test(run.stdout()) ? { tree, ports } : undefined
    },
    30_000,
    `npm ${run.npm.spawnargs.slice(1).join(' ')} serving`,
  )
}

describe.each(['start', 'serve', 'serve --listen 127.0.0.2'] as const)(
  'npm %s: a signal to npm ends the whole tree (T6)',
  (script) => {
    it.each(SIGNALS)(
      '%s',
      async (signal) => {
        const run = await npmRun(script)
        const { tree, ports } = await serving(run)
        expect(tree.length).toBeGreaterThanOrEqual(1)

        const sent = Date.now()
        process.kill(run.npm.pid ?? 0, signal)
        const left = await waitFor(
          () => {
            const alive = [run.npm.pid ?? 0, ...tree].filter(isRunning)
            const open = stillListening(ports)
            return alive.length === 0 && open.length === 0
              ? []
              : Date.now() - sent > GATE_MS + 2000
                ? { alive, open }
                : undefined
          },
          GATE_MS + 5000,
          'the tree to end',
        )
        const elapsed = Date.now() - sent
        const report = Array.isArray(left)
          ? []
          : [
              ...left.alive.map((p) => `still running: ${p} ${commandOf(p)}`),
              ...left.open.map((p) => `port ${p} still open`),
            ]
        expect(report, `after ${signal} to npm ${script}`).toEqual([])
        expect(elapsed).toBeLessThan(GATE_MS)
        console.log(
          `T6 npm ${script} ${signal}: ${tree.length + 1} processes, ports ${ports.join(', ')} gone in ${elapsed} ms`,
        )
      },
      60_000,
    )
  },
)
