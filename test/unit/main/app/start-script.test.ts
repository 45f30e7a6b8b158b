// `npm start` here: no Electron binary → one line saying so, then browser mode with
// the demo workspace and its dashboard address; no stack trace; stops on SIGTERM.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error — a plain .mjs script without type declarations
import { electronBinary, needsBuild, noDisplayReason } from '../../../../scripts/start.mjs'

const root = join(import.meta.dirname, '../../../..')
const tmp = mkdtempSync(join(tmpdir(), 'fpm-start-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function fakeRoot(name: string): string {
  const dir = join(tmp, name)
  mkdirSync(join(dir, 'node_modules/electron'), { recursive: true })
  return dir
}

describe('finding Electron without downloading it', () => {
  it('no path.txt (postinstall never ran): not available, with the reason', () => {
    expect(electronBinary(fakeRoot('a'), {})).toEqual({
      path: null,
      reason: expect.stringContaining('path.txt'),
    })
  })
  it('path.txt pointing at a binary that exists: that binary', () => {
    const dir = fakeRoot('b')
    writeFileSync(join(dir, 'node_modules/electron/path.txt'), 'electron')
    mkdirSync(join(dir, 'node_modules/electron/dist'))
    writeFileSync(join(dir, 'node_modules/electron/dist/electron'), '')
    expect(electronBinary(dir, {})).toEqual({ path: join(dir, 'node_modules/electron/dist/electron') })
  })
  it('ELECTRON_OVERRIDE_DIST_PATH is honoured', () => {
    expect(electronBinary(fakeRoot('c'), { ELECTRON_OVERRIDE_DIST_PATH: '/nope' }).path).toBeNull()
  })
  it('a Linux session without a display cannot show a window', () => {
    expect(noDisplayReason({}, 'linux')).toMatch(/no display/)
    expect(noDisplayReason({ DISPLAY: ':0' }, 'linux')).toBeNull()
    expect(noDisplayReason({}, 'darwin')).toBeNull()
  })
})

describe('build freshness', () => {
  it('builds when an output is missing or older than a source', () => {
    const dir = join(tmp, 'fresh')
    const files = [
      'out/main/index.js',
      'out/main/store-worker.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'src/a.ts',
    ]
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true })
      writeFileSync(join(dir, f), '')
    }
    const past = new Date(Date.now() - 60_000)
    utimesSync(join(dir, 'src/a.ts'), past, past)
    expect(needsBuild(dir)).toBe(false)
    utimesSync(join(dir, 'src/a.ts'), new Date(), new Date(Date.now() + 1000))
    expect(needsBuild(dir)).toBe(true)
    rmSync(join(dir, 'out/preload/index.cjs'))
    expect(needsBuild(dir)).toBe(true)
  })
})

describe('npm start on a machine without the Electron runtime', () => {
  it('says so in one line, falls back to browser mode with the demo, prints the URL', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'scripts/start.mjs'), '--port', '0', '--webhook-port', '0'],
      {
        cwd: root,
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'no-electron-here'),
          FASTPIX_START_NO_BUILD: '1',
          FASTPIX_MONITOR_DATA_DIR: join(tmp, 'data'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      // Not a terminal here, so the address is named without its token (13b).
      await expect
        .poll(() => stdout, { timeout: 30_000, interval: 100 })
        .toMatch(/Dashboard \(browser mode, demo workspace\) on http:\/\/127\.0\.0\.1:\d+\/ .+\n/)
      const lines = stdout.trim().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^Electron runtime not available: .+; running in browser mode instead\.$/)
      expect(stdout + stderr).not.toContain('token=')
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[1]!)![1]!
      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect((await fetch(`${url}api/receiver`)).status).toBe(401)
      expect(existsSync(join(tmp, 'data', 'workspaces', 'demo'))).toBe(true)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  }, 60_000)
})
