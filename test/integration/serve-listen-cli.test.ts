// The real CLI with the shared-server flags: usage errors in words with exit 2, the
// clear-text warning on stderr, the environment equivalents, and --help.
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, spawnServe, tempDir } from '../support/serve.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** Runs the CLI to its end; its exit code and stderr. */
function runToEnd(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'src/main/serve/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('serve CLI: the shared-server flags', () => {
  it('--help lists the flags and their environment variables', async () => {
    const { code, stdout } = await runToEnd(['--help'])
    expect(code).toBe(0)
    for (const flag of [
      '--listen ADDRESS',
      '--public-host NAME[:PORT]',
      '--tls-cert FILE',
      '--tls-key FILE',
      '--trust-proxy',
    ])
      expect(stdout).toContain(flag)
    for (const name of ['LISTEN', 'PUBLIC_HOST', 'TLS_CERT', 'TLS_KEY', 'TRUST_PROXY'])
      expect(stdout).toContain(`FASTPIX_MONITOR_${name}`)
  })

  it('usage errors are one line in words and exit 2', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--listen', 'monitor.example.com'], {}, /^serve: --listen: expected an IP address to bind/],
      [['--tls-cert', join(dir, 'cert.pem')], {}, /^serve: --tls-cert needs --tls-key too/],
      [
        ['--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')],
        {},
        /^serve: --tls-cert: cannot read .*c\.pem \(no such file\)/,
      ],
      [
        ['--trust-proxy', '10.0.0.0/40'],
        {},
        /^serve: --trust-proxy: expected true, or a comma-separated list/,
      ],
      [['--public-host', 'https://x.example'], {}, /^serve: --public-host: expected a host name/],
      [[], { FASTPIX_MONITOR_LISTEN: 'nowhere' }, /^serve: --listen: expected an IP address/],
    ]
    for (const [args, env, message] of cases) {
      const { code, stderr } = await runToEnd(
        ['--demo', '--data-dir', dir, '--port', '0', '--webhook-port', '0', ...args],
        env,
      )
      expect(stderr, args.join(' ')).toMatch(message)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(code, args.join(' ')).toBe(2)
    }
  }, 60_000)

  it('--listen 127.0.0.2 (or FASTPIX_MONITOR_LISTEN) serves there and warns on stderr; --trust-proxy alone is accepted', async () => {
    for (const [args, env] of [
      [['--listen', '127.0.0.2'], {}],
      [[], { FASTPIX_MONITOR_LISTEN: '127.0.0.2', FASTPIX_MONITOR_PUBLIC_HOST: 'monitor.example.com' }],
    ] as Array<[string[], NodeJS.ProcessEnv]>) {
      const dir = await tempDir()
      dirs.push(dir)
      const serve = await spawnServe(
        ['--demo', '--data-dir', dir, '--port', '0', '--webhook-port', '0', ...args],
        env,
      )
      try {
        expect(new URL(serve.line.apiUrl).hostname).toBe('127.0.0.2')
        const res = await fetch(`${serve.line.apiUrl}/api/streams`, {
          headers: { authorization: `Bearer ${serve.line.apiToken}` },
        })
        expect(res.status).toBe(200)
        const warnings = serve
          .stderr()
          .split('\n')
          .filter((line) => line.includes('the token travels in clear text'))
        expect(warnings).toHaveLength(1)
      } finally {
        serve.child.kill('SIGTERM')
        await serve.exited
      }
    }
    const dir = await tempDir()
    dirs.push(dir)
    const proxied = await spawnServe([
      '--demo',
      '--data-dir',
      dir,
      '--port',
      '0',
      '--webhook-port',
      '0',
      '--listen',
      '127.0.0.2',
      '--trust-proxy',
    ])
    try {
      expect(proxied.stderr()).not.toContain('clear text')
      const res = await fetch(`${proxied.line.apiUrl}/api/streams`, {
        headers: { authorization: `Bearer ${proxied.line.apiToken}`, 'x-forwarded-host': 'evil.example' },
      })
      expect(res.status).toBe(403)
    } finally {
      proxied.child.kill('SIGTERM')
      await proxied.exited
    }
  }, 60_000)
})
