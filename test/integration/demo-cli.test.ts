// `npm run demo` as a real process: one JSON line on stdout, signed deliveries, REST, clean SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { generateDemoSecret } from '../../src/main/core/demo/simulator.ts'
import { decodeSigningSecret, verifySignature } from '../../src/main/core/receiver/signature.ts'

const CLI = join(import.meta.dirname, '../../src/main/core/demo/cli.ts')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function receiver(): Promise<{ url: string; got: { raw: Buffer; headers: IncomingHttpHeaders }[] }> {
  const got: { raw: Buffer; headers: IncomingHttpHeaders }[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push({ raw: Buffer.concat(chunks), headers: req.headers })
      res.statusCode = 202
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/hook`, got }
}

function run(
  args: string[],
  env: Record<string, string | undefined>,
): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', CLI, ...args], {
    env: { ...process.env, FASTPIX_WEBHOOK_SECRET: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString()
  })
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return { child, stderr: () => err }
}

async function firstLine(child: ChildProcess): Promise<Record<string, string>> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const [line] = (await once(lines, 'line')) as [string]
  lines.close()
  return JSON.parse(line) as Record<string, string>
}

const waitFor = async (check: () => boolean, ms = 8000): Promise<void> => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('demo CLI', () => {
  it('uses FASTPIX_WEBHOOK_SECRET, prints credentials, serves REST, signs deliveries, stops on SIGTERM', async () => {
    const { url, got } = await receiver()
    const secret = generateDemoSecret(7)
    const { child } = run(['--webhook-url', url, '--seed', '3', '--speed', '500'], {
      FASTPIX_WEBHOOK_SECRET: secret,
    })
    const info = await firstLine(child)
    expect(Object.keys(info)).toEqual(['restUrl', 'accessTokenId', 'secretKey', 'signingSecret'])
    expect(info.signingSecret).toBe(secret)
    expect(info.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/$/)

    await waitFor(() => got.length > 20)
    const key = decodeSigningSecret(secret) as Buffer
    for (const r of got.filter((g) => g.raw.length > 2)) {
      expect(verifySignature(r.raw, r.headers['fastpix-signature'] as string, key)).toBe(true)
    }
    const auth = `Basic ${Buffer.from(`${info.accessTokenId}:${info.secretKey}`).toString('base64')}`
    const res = await fetch(`${info.restUrl}live/streams?limit=2&offset=1`, {
      headers: { authorization: auth },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { pagination: { totalRecords: number } }).pagination.totalRecords).toBe(6)

    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
  })

  it('generates a secret when none is set and prints it to stderr; exits 2 without --webhook-url', async () => {
    const { url } = await receiver()
    const { child, stderr } = run(['--webhook-url', url, '--speed', '1'], {})
    const info = await firstLine(child)
    expect(decodeSigningSecret(info.signingSecret ?? '')?.length).toBe(32)
    expect(stderr()).toContain(info.signingSecret)
    child.kill('SIGINT')
    expect(((await once(child, 'exit')) as [number | null])[0]).toBe(0)

    const bad = run([], {})
    const badExit = (await once(bad.child, 'exit')) as [number | null, string | null]
    expect(badExit).toEqual([2, null])
    expect(bad.stderr()).toContain('usage')
  })
})
