// `serve`'s real-workspace settings from flags and the environment: what does not fit
// together is refused in words; secrets come only from the environment (or a file it names).
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { liveSettings, secretFromEnv } from '../../../../src/main/serve/options.ts'

const ROOT = join(import.meta.dirname, '../../../..')
const TOKEN_ID = 'f2b9d1c4-7a1e-4c3b-9d5e-6a7b8c9d0e1f'
const SECRET_KEY = 'options-test-secret-key-Zq81'
const AUTHTOKEN = '2abcDEFghiJKLmno_3pqrSTUvwxYZ0123456789'

let dir: string | null = null
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = null
})

async function secretFile(name: string, content: string): Promise<string> {
  dir ??= await mkdtemp(join(tmpdir(), 'fpm-options-'))
  const file = join(dir, name)
  await writeFile(file, content, { mode: 0o600 })
  return file
}

describe('liveSettings: FastPix credentials', () => {
  it('nothing given: no workspace credentials and no public URL', () => {
    expect(liveSettings({}, {})).toEqual({ fastpix: null, publicUrl: null })
  })

  it('an Access Token ID from the flag or the environment, with the secret key from the environment', () => {
    expect(liveSettings({ 'fastpix-token-id': ` ${TOKEN_ID} ` }, { FASTPIX_SECRET_KEY: SECRET_KEY })).toEqual(
      {
        fastpix: { accessTokenId: TOKEN_ID, secretKey: SECRET_KEY },
        publicUrl: null,
      },
    )
    expect(
      liveSettings({}, { FASTPIX_ACCESS_TOKEN_ID: TOKEN_ID, FASTPIX_SECRET_KEY: ` ${SECRET_KEY}\n` }).fastpix,
    ).toEqual({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY })
    // The flag wins over the environment.
    expect(
      liveSettings(
        { 'fastpix-token-id': 'from-flag' },
        { FASTPIX_ACCESS_TOKEN_ID: TOKEN_ID, FASTPIX_SECRET_KEY: SECRET_KEY },
      ).fastpix?.accessTokenId,
    ).toBe('from-flag')
  })

  it('a token id without a secret key is refused in words', () => {
    expect(() => liveSettings({ 'fastpix-token-id': TOKEN_ID }, {})).toThrow(
      'an Access Token ID is given but FASTPIX_SECRET_KEY (or FASTPIX_SECRET_KEY_FILE) is not set',
    )
    expect(() => liveSettings({}, { FASTPIX_ACCESS_TOKEN_ID: TOKEN_ID, FASTPIX_SECRET_KEY: '  ' })).toThrow(
      /FASTPIX_SECRET_KEY .*is not set/,
    )
  })

  it('a secret key without a token id is refused in words, never echoing the key', () => {
    let message = ''
    try {
      liveSettings({}, { FASTPIX_SECRET_KEY: SECRET_KEY })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(
      'FASTPIX_SECRET_KEY is set but no Access Token ID: pass --fastpix-token-id or set FASTPIX_ACCESS_TOKEN_ID',
    )
    expect(message).not.toContain(SECRET_KEY)
    // An empty flag counts as not given.
    expect(() => liveSettings({ 'fastpix-token-id': '  ' }, { FASTPIX_SECRET_KEY: SECRET_KEY })).toThrow(
      /no Access Token ID/,
    )
  })

  it('*_FILE variables are read from the named file, trimmed', async () => {
    const keyFile = await secretFile('fastpix-key', `${SECRET_KEY}\n`)
    const tokenFile = await secretFile('ngrok-token', `  ${AUTHTOKEN}\r\n`)
    const out = liveSettings(
      { 'fastpix-token-id': TOKEN_ID, 'ngrok-domain': 'Monitor.Example.NGROK.app ' },
      { FASTPIX_SECRET_KEY_FILE: keyFile, NGROK_AUTHTOKEN_FILE: tokenFile },
    )
    expect(out).toEqual({
      fastpix: { accessTokenId: TOKEN_ID, secretKey: SECRET_KEY },
      publicUrl: { mode: 'ngrok', authtoken: AUTHTOKEN, domain: 'monitor.example.ngrok.app' },
    })
  })

  it('the variable itself wins over its _FILE; an empty file is no secret; a missing file is an error', async () => {
    const keyFile = await secretFile('fastpix-key', 'from-file')
    expect(
      secretFromEnv({ FASTPIX_SECRET_KEY: 'direct', FASTPIX_SECRET_KEY_FILE: keyFile }, 'FASTPIX_SECRET_KEY'),
    ).toBe('direct')
    expect(secretFromEnv({ FASTPIX_SECRET_KEY_FILE: keyFile }, 'FASTPIX_SECRET_KEY')).toBe('from-file')
    const empty = await secretFile('empty', ' \n')
    expect(secretFromEnv({ FASTPIX_SECRET_KEY_FILE: empty }, 'FASTPIX_SECRET_KEY')).toBeNull()
    expect(secretFromEnv({}, 'FASTPIX_SECRET_KEY')).toBeNull()
    expect(() =>
      secretFromEnv({ FASTPIX_SECRET_KEY_FILE: join(dir ?? tmpdir(), 'missing') }, 'FASTPIX_SECRET_KEY'),
    ).toThrow(/ENOENT/)
  })
})

describe('liveSettings: the public URL', () => {
  it('--public-url and NGROK_AUTHTOKEN together are refused', () => {
    expect(() =>
      liveSettings({ 'public-url': 'https://monitor.example.com' }, { NGROK_AUTHTOKEN: AUTHTOKEN }),
    ).toThrow(
      'choose one way in: --public-url (your own proxy) or NGROK_AUTHTOKEN (an ngrok tunnel), not both',
    )
  })

  it('--ngrok-domain without an authtoken is refused', () => {
    expect(() => liveSettings({ 'ngrok-domain': 'monitor.ngrok.app' }, {})).toThrow(
      '--ngrok-domain needs NGROK_AUTHTOKEN (or NGROK_AUTHTOKEN_FILE)',
    )
  })

  it('an authtoken alone: an ngrok tunnel with a domain ngrok assigns', () => {
    expect(liveSettings({}, { NGROK_AUTHTOKEN: AUTHTOKEN }).publicUrl).toEqual({
      mode: 'ngrok',
      authtoken: AUTHTOKEN,
      domain: null,
    })
  })

  it.each([
    ['http://monitor.example.com', 'plain http'],
    ['https://monitor.example.com/hooks', 'a path'],
    ['https://monitor.example.com/monitor/', 'a path prefix'],
    ['https://monitor.example.com/?x=1', 'a query'],
    ['https://monitor.example.com/#top', 'a fragment'],
    ['https://user:pw@monitor.example.com', 'credentials'],
    ['monitor.example.com', 'no scheme'],
  ])('--public-url %s (%s) is refused, not cut down to an origin', (url) => {
    expect(() => liveSettings({ 'public-url': url }, {})).toThrow(
      '--public-url: expected an https origin like https://monitor.example.com (no path: /webhooks/fastpix is added)',
    )
  })

  it('an https origin is normalised (case, default port, trailing slash)', () => {
    expect(liveSettings({ 'public-url': ' https://Monitor.Example.com:443/ ' }, {}).publicUrl).toEqual({
      mode: 'own',
      url: 'https://monitor.example.com',
    })
    expect(liveSettings({ 'public-url': 'https://monitor.example.com:8443' }, {}).publicUrl).toEqual({
      mode: 'own',
      url: 'https://monitor.example.com:8443',
    })
  })
})

describe('secrets never come from flags', () => {
  const cli = readFileSync(join(ROOT, 'src/main/serve/cli.ts'), 'utf8')
  const usage = /const USAGE = `([\s\S]*?)`\n/.exec(cli)?.[1] ?? ''
  const [flagsPart = '', environmentPart = ''] = usage.split(/\nEnvironment[^\n]*\n/)

  it('the usage lists the secrets only under Environment', () => {
    expect(usage).not.toBe('')
    expect(environmentPart).not.toBe('')
    for (const name of [
      'FASTPIX_SECRET_KEY',
      'FASTPIX_SECRET_KEY_FILE',
      'FASTPIX_WEBHOOK_SECRET',
      'FASTPIX_WEBHOOK_SECRET_FILE',
      'NGROK_AUTHTOKEN',
      'NGROK_AUTHTOKEN_FILE',
    ]) {
      expect(environmentPart).toContain(name)
    }
    // The flag part may name NGROK_AUTHTOKEN as what a flag needs, never a flag taking a secret.
    expect(flagsPart).not.toMatch(/--[\w-]*(secret|authtoken|secret-key|signing)/i)
    expect(flagsPart).not.toContain('FASTPIX_SECRET_KEY')
    expect(flagsPart).not.toContain('FASTPIX_WEBHOOK_SECRET')
  })

  it('the parser has no option for a secret', () => {
    const options = /parseArgs\(\{\s*options: \{([\s\S]*?)\n {4}\},\n {4}strict: true/.exec(cli)?.[1] ?? ''
    const names = [...options.matchAll(/^\s+'?([\w-]+)'?: \{ type:/gm)].map((m) => m[1])
    expect(names).toContain('fastpix-token-id')
    expect(names).toContain('public-url')
    // --tls-key names a file (as FASTPIX_SECRET_KEY_FILE does); the key itself is never a flag's value.
    expect(names).toContain('tls-key')
    expect(cli).toContain('--tls-key FILE')
    expect(names.filter((n) => /secret|authtoken|key/i.test(n ?? '') && n !== 'tls-key')).toEqual([])
  })
})
