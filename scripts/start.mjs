// `npm start`: build if out/ is missing or older than the sources, then launch the
// desktop app. Where the Electron runtime cannot be had (its binary was never
// downloaded, or there is no display), say so in one line and run browser mode
// with the demo workspace instead (serve prints the dashboard link with its token when
// stderr is a terminal; elsewhere only the address is named). Never a stack trace.
// Extra arguments go to serve in browser mode (e.g. `npm start -- --port 0`).
// SIGINT, SIGTERM and SIGHUP are passed on to the app, and this script exits when it
// does; the npm script `exec`s this file so that npm's own forwarding reaches it.
import './check-node.mjs'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(import.meta.dirname, '..')
const BUILT = [
  'out/main/index.js',
  'out/main/store-worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]

function newest(dir) {
  if (!existsSync(dir)) return 0
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** True when a built file is missing or older than anything under src/ or the build config. */
export function needsBuild(root = ROOT) {
  const outputs = BUILT.map((file) => join(root, file))
  if (outputs.some((file) => !existsSync(file))) return true
  const oldest = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const config = join(root, 'electron.vite.config.ts')
  const sources = Math.max(newest(join(root, 'src')), existsSync(config) ? statSync(config).mtimeMs : 0)
  return sources > oldest
}

/**
 * The Electron executable, found the way the electron package does it (path.txt +
 * dist/) but without `require('electron')`, which tries to download a missing binary.
 */
export function electronBinary(root = ROOT, env = process.env) {
  const pkg = join(root, 'node_modules/electron')
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    return existsSync(path) ? { path } : { path: null, reason: `no Electron binary at ${path}` }
  }
  if (!existsSync(pkg)) return { path: null, reason: 'the electron package is not installed' }
  if (!relative)
    return {
      path: null,
      reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)',
    }
  const path = join(pkg, 'dist', relative)
  return existsSync(path) ? { path } : { path: null, reason: `no Electron binary at ${path}` }
}

/** Why a desktop window cannot be shown here, or null. */
export function noDisplayReason(env = process.env, platform = process.platform) {
  if (platform !== 'linux') return null
  return env.DISPLAY || env.WAYLAND_DISPLAY
    ? null
    : 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)'
}

export function build() {
  process.stderr.write('Building the app (electron-vite build)…\n')
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    },
  )
  return result.status === 0
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
let running = null

/** Passes SIGINT, SIGTERM and SIGHUP on to the app running now (installed once). */
function forwardSignals(child) {
  if (running === null) {
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        if (running && running.exitCode === null && running.signalCode === null) running.kill(signal)
      })
    }
  }
  running = child
}

/**
 * npm passes SIGINT and SIGTERM on but not SIGHUP: it just dies, and so would a
 * parent shell. When the process that started this one is gone, act as if it had
 * hung up (POSIX only: Windows has neither signals nor re-parenting).
 */
export function hangUpWithParent(intervalMs = 200) {
  if (process.platform === 'win32') return
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    process.kill(process.pid, 'SIGHUP')
  }, intervalMs)
  timer.unref()
}

function launchElectron(binary, args) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, [ROOT, ...args], { cwd: ROOT, stdio: 'inherit', env })
  forwardSignals(child)
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ started: false, reason: error.code ?? error.message }))
    child.once('spawn', () =>
      child.once('exit', (code, signal) => resolve({ started: true, code: code ?? (signal ? 0 : 1) })),
    )
  })
}

function browserMode(args) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'src/main/serve/cli.ts'), '--demo', '--log-level', 'warn', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  forwardSignals(child)
  let buffered = ''
  let announced = false
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk) => {
    if (announced) return
    buffered += chunk
    const line = buffered.split('\n')[0]
    if (!buffered.includes('\n')) return
    announced = true
    const announcement = browserModeLine(line, Boolean(process.stderr.isTTY))
    if (announcement) process.stdout.write(announcement)
  })
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

/**
 * What to print once serve's JSON line arrives. In a terminal serve itself prints the
 * link with its token on stderr (which it shares with this script), so nothing more
 * is said; elsewhere (a log file) the address only, never the token.
 */
export function browserModeLine(jsonLine, stderrIsTTY) {
  if (stderrIsTTY) return null
  try {
    const { apiUrl } = JSON.parse(jsonLine)
    return `Dashboard (browser mode, demo workspace) on ${apiUrl}/ — the link with its token is printed only to a terminal.\n`
  } catch {
    return 'Browser mode started, but serve did not report its address.\n'
  }
}

async function main() {
  const args = process.argv.slice(2)
  hangUpWithParent()
  if (!process.env.FASTPIX_START_NO_BUILD && needsBuild() && !build()) {
    process.stderr.write('npm start: the build failed (see above)\n')
    process.exit(1)
  }
  const binary = electronBinary()
  const reason = binary.path ? noDisplayReason() : binary.reason
  if (binary.path && !reason) {
    const result = await launchElectron(binary.path, args)
    if (result.started) process.exit(result.code)
    process.stdout.write(
      `Electron could not be started (${result.reason}); running in browser mode instead.\n`,
    )
  } else {
    process.stdout.write(`Electron runtime not available: ${reason}; running in browser mode instead.\n`)
  }
  browserMode(args)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
