// Starting the headless host for tests: in-process (startServe) or as the real
// CLI child process, plus a small authenticated API client.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const ROOT = join(import.meta.dirname, '../..')

export async function tempDir(prefix = 'fpm-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export interface ServeLine {
  webhookUrl: string
  dashboardUrl: string
  apiUrl: string
  apiToken: string
  dataDir: string
  demo: boolean
}

export interface ServeChild {
  child: ChildProcess
  line: ServeLine
  stdoutLines: string[]
  stderr: () => string
  exited: Promise<number | null>
}

/** Runs `node src/main/serve/cli.ts …` and waits for its JSON line. */
export function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [join(ROOT, 'src/main/serve/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const stdoutLines: string[] = []
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 20_000)
    createInterface({ input: child.stdout! }).on('line', (text) => {
      stdoutLines.push(text)
      if (stdoutLines.length === 1) {
        clearTimeout(timer)
        resolve({ child, line: JSON.parse(text) as ServeLine, stdoutLines, stderr: () => stderr, exited })
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited (${code}) before its JSON line:\n${stderr}`))
    })
  })
}

export function apiClient(apiUrl: string, token: string) {
  return async function get<T>(path: string): Promise<T> {
    const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
}

/** Polls `probe` until it returns a value (not undefined, not false) or the time runs out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    // `false` (a boolean probe not yet true) waits like `undefined`.
    if (value !== undefined && value !== false) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
