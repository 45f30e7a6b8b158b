// How the dashboard listener is exposed, from flags or else the environment:
// `--listen`, `--public-host`, `--tls-cert`/`--tls-key`, `--trust-proxy`. What does not
// fit is a UsageError in words (the CLI exits 2 with it).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedHosts } from '../../../../src/main/serve/dashboard-guard.ts'
import {
  listenSettings,
  listenWarnings,
  publicHostOf,
  UsageError,
  withTrustProxyValue,
} from '../../../../src/main/serve/options.ts'
import { selfSignedCert, type TestCert } from '../../../support/tls.ts'

let dir = ''
let cert: TestCert | { reason: string }
let other: TestCert | { reason: string }
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fpm-listen-'))
  cert = await selfSignedCert(dir, '127.0.0.2', 'a')
  other = await selfSignedCert(dir, '127.0.0.2', 'b')
  if ('reason' in cert) console.log(`TLS file checks skipped: ${cert.reason}`)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const usage = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('listenSettings: --listen', () => {
  it('nothing given: loopback, no public names, plain http, no proxy trusted', () => {
    expect(listenSettings({}, {})).toEqual({
      listen: '127.0.0.1',
      publicHosts: [],
      tls: null,
      trustProxy: false,
    })
  })

  it('an IPv4 or IPv6 literal or a wildcard is bound; the literal is also an accepted Host', () => {
    expect(listenSettings({ listen: '192.168.1.10' }, {}).publicHosts).toEqual(['192.168.1.10'])
    expect(listenSettings({ listen: 'fd00::1' }, {}).publicHosts).toEqual(['[fd00::1]'])
    expect(listenSettings({ listen: '0.0.0.0' }, {})).toMatchObject({ listen: '0.0.0.0', publicHosts: [] })
    expect(listenSettings({ listen: '::' }, {})).toMatchObject({ listen: '::', publicHosts: [] })
  })

  it('a host name or garbage is refused in words', () => {
    expect(usage(() => listenSettings({ listen: 'monitor.example.com' }, {}))).toMatch(
      /--listen: expected an IP address to bind.*a host name is not accepted.*"monitor\.example\.com"/,
    )
    expect(usage(() => listenSettings({ listen: '300.1.1.1' }, {}))).toMatch(/--listen/)
    expect(usage(() => listenSettings({ listen: '' }, {}))).toMatch(/--listen/)
  })

  it('FASTPIX_MONITOR_LISTEN when the flag is absent; the flag wins', () => {
    expect(listenSettings({}, { FASTPIX_MONITOR_LISTEN: '127.0.0.2' }).listen).toBe('127.0.0.2')
    expect(listenSettings({ listen: '127.0.0.3' }, { FASTPIX_MONITOR_LISTEN: '127.0.0.2' }).listen).toBe(
      '127.0.0.3',
    )
  })
})

describe('listenSettings: --public-host', () => {
  it('names are kept lower case with their ports, repeatable, deduplicated, plus the listen address', () => {
    const s = listenSettings(
      {
        listen: '10.0.0.5',
        'public-host': ['Monitor.Example.com', 'monitor.example.com', 'ops:8443', '[FD00::2]:9'],
      },
      {},
    )
    expect(s.publicHosts).toEqual(['monitor.example.com', 'ops:8443', '[fd00::2]:9', '10.0.0.5'])
  })

  it('FASTPIX_MONITOR_PUBLIC_HOST is a comma-separated list', () => {
    expect(
      listenSettings({ listen: '0.0.0.0' }, { FASTPIX_MONITOR_PUBLIC_HOST: 'a.example, b.example:8791' })
        .publicHosts,
    ).toEqual(['a.example', 'b.example:8791'])
  })

  it('refuses what is not a Host name, in words', () => {
    for (const bad of [
      'http://x.example',
      'x.example/path',
      'a b',
      'x.example:0',
      'x.example:70000',
      '[zz]',
      '-x.example',
    ]) {
      expect(
        usage(() => publicHostOf(bad)),
        bad,
      ).toMatch(/--public-host/)
    }
    expect(usage(() => publicHostOf('http://x.example'))).toMatch(
      /expected a host name like monitor\.example\.com/,
    )
  })

  it('allowedHosts: loopback names on the port, each name as given and, without a port, on the listener port', () => {
    expect([...allowedHosts(8791, ['monitor.example.com', 'ops:8443', '[fd00::2]'])].sort()).toEqual(
      [
        '127.0.0.1:8791',
        'localhost:8791',
        'monitor.example.com',
        'monitor.example.com:8791',
        'ops:8443',
        '[fd00::2]',
        '[fd00::2]:8791',
      ].sort(),
    )
  })
})

describe('listenSettings: TLS', () => {
  it('both or neither: one alone is refused in words', () => {
    expect(usage(() => listenSettings({ 'tls-cert': '/x/cert.pem' }, {}))).toBe(
      '--tls-cert needs --tls-key too (both, or neither for plain http)',
    )
    expect(usage(() => listenSettings({}, { FASTPIX_MONITOR_TLS_KEY: '/x/key.pem' }))).toBe(
      '--tls-key needs --tls-cert too (both, or neither for plain http)',
    )
  })

  it('an unreadable file is named with the reason', () => {
    const missing = join(dir, 'missing.pem')
    expect(usage(() => listenSettings({ 'tls-cert': missing, 'tls-key': missing }, {}))).toBe(
      `--tls-cert: cannot read ${missing} (no such file)`,
    )
  })

  it('a certificate and its key are read; files that are not PEM or do not belong together are refused', async (ctx) => {
    if ('reason' in cert || 'reason' in other) {
      console.log(`skipped: ${'reason' in cert ? cert.reason : (other as { reason: string }).reason}`)
      ctx.skip()
      return
    }
    // Narrowed above; the closures below need their own names.
    const a = cert as TestCert
    const b = other as TestCert
    const s = listenSettings({ listen: '127.0.0.2', 'tls-cert': a.certPath, 'tls-key': a.keyPath }, {})
    expect(s.tls?.cert.equals(a.cert)).toBe(true)
    expect(s.tls?.key.equals(a.key)).toBe(true)
    const env = { FASTPIX_MONITOR_TLS_CERT: a.certPath, FASTPIX_MONITOR_TLS_KEY: a.keyPath }
    expect(listenSettings({}, env).tls).not.toBeNull()
    expect(usage(() => listenSettings({ 'tls-cert': a.keyPath, 'tls-key': a.keyPath }, {}))).toMatch(
      /--tls-cert: .* is not a PEM certificate/,
    )
    expect(usage(() => listenSettings({ 'tls-cert': a.certPath, 'tls-key': a.certPath }, {}))).toMatch(
      /--tls-key: .* is not an unencrypted PEM private key/,
    )
    expect(usage(() => listenSettings({ 'tls-cert': a.certPath, 'tls-key': b.keyPath }, {}))).toMatch(
      /--tls-key: .*b-key\.pem is not the private key of the certificate in .*a-cert\.pem/,
    )
    const empty = join(dir, 'empty.pem')
    await writeFile(empty, '')
    expect(usage(() => listenSettings({ 'tls-cert': empty, 'tls-key': a.keyPath }, {}))).toMatch(
      /is not a PEM certificate/,
    )
  })
})

describe('listenSettings: --trust-proxy', () => {
  it('true, false, or a list of addresses, CIDR ranges and proxy-addr names', () => {
    expect(listenSettings({ 'trust-proxy': 'true' }, {}).trustProxy).toBe(true)
    expect(listenSettings({ 'trust-proxy': 'false' }, {}).trustProxy).toBe(false)
    expect(
      listenSettings({ 'trust-proxy': '127.0.0.1, 10.0.0.0/8,fd00::/8,loopback' }, {}).trustProxy,
    ).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback'])
    expect(listenSettings({}, { FASTPIX_MONITOR_TRUST_PROXY: '192.168.0.0/16' }).trustProxy).toEqual([
      '192.168.0.0/16',
    ])
  })

  it('refuses what is not an address or range, in words', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'proxy.example', '10.0.0.0/8/1', '10.0.0.0/x', 'yes']) {
      expect(
        usage(() => listenSettings({ 'trust-proxy': bad }, {})),
        bad,
      ).toMatch(/--trust-proxy: expected true, or a comma-separated list of proxy addresses or CIDR ranges/)
    }
  })

  it('the flag may stand alone: parseArgs is given `true`', () => {
    expect(withTrustProxyValue(['--trust-proxy'])).toEqual(['--trust-proxy', 'true'])
    expect(withTrustProxyValue(['--trust-proxy', '--demo'])).toEqual(['--trust-proxy', 'true', '--demo'])
    expect(withTrustProxyValue(['--trust-proxy', '127.0.0.1', '--demo'])).toEqual([
      '--trust-proxy',
      '127.0.0.1',
      '--demo',
    ])
  })
})

describe('listenWarnings', () => {
  const base = { listen: '127.0.0.1', publicHosts: [], tls: null, trustProxy: false as const }
  it('none on the default loopback listener', () => {
    expect(listenWarnings(base)).toEqual([])
  })
  it('one line when exposed over plain http without a trusted proxy: the token travels in clear text', () => {
    const lines = listenWarnings({ ...base, listen: '192.168.1.10', publicHosts: ['192.168.1.10'] })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/the token travels in clear text/)
    expect(lines[0]).not.toMatch(/\n/)
  })
  it('none about clear text with TLS or behind a trusted proxy', () => {
    const tls = { cert: Buffer.from('c'), key: Buffer.from('k') }
    expect(listenWarnings({ ...base, listen: '192.168.1.10', publicHosts: ['x'], tls })).toEqual([])
    expect(listenWarnings({ ...base, listen: '192.168.1.10', publicHosts: ['x'], trustProxy: true })).toEqual(
      [],
    )
  })
  it('a wildcard without --public-host says only loopback names are accepted', () => {
    const lines = listenWarnings({ ...base, listen: '0.0.0.0', trustProxy: ['127.0.0.1'] })
    expect(lines).toEqual([
      expect.stringMatching(/no --public-host is given: only 127\.0\.0\.1 and localhost/),
    ])
  })
})
