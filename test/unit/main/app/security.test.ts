// S2 / F6: CSP, navigation and window.open denied, webviews refused, permissions
// denied by default, openExternal only for allowlisted https origins.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { isRendererUrl } from '../../../../src/main/app/renderer-url.ts'
import {
  applySecurityBaseline,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_ORIGINS,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  withCsp,
} from '../../../../src/main/app/security.ts'
import { electronEvent, FakeWebContents, RENDERER, RENDERER_URL, silentLog } from './fakes.ts'

const root = join(import.meta.dirname, '../../../..')

function hardened() {
  const contents = new FakeWebContents()
  const openExternal = vi.fn(async () => {})
  hardenWebContents(contents as never, { renderer: RENDERER, openExternal, log: silentLog })
  return { contents, openExternal }
}

describe('CSP', () => {
  it('the header is the renderer page’s own <meta> policy', () => {
    const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
  })

  it('is strict: no inline or eval script, no plugins, no base or form targets', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*/)
  })

  it('replaces whatever CSP a response carried, in any header case', () => {
    const out = withCsp({ 'content-security-policy': ['script-src *'], 'X-Other': ['1'] })
    expect(out).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] })
  })

  it('is installed on the session’s responses', () => {
    let listener: ((d: unknown, cb: (r: unknown) => void) => void) | null = null
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) },
    }
    hardenSession(session as never, { renderer: RENDERER, openExternal: vi.fn(), log: silentLog })
    const callback = vi.fn()
    listener!({ responseHeaders: {} }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
})

describe('navigation and new windows', () => {
  it('window.open is always denied; an allowlisted https link goes to the browser instead', () => {
    const { contents, openExternal } = hardened()
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler!({ url: RENDERER_URL })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler!({ url: 'https://docs.fastpix.io/docs' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(openExternal).toHaveBeenCalledWith('https://docs.fastpix.io/docs')
  })

  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    it(`${event}: only our page (any hash) is allowed`, () => {
      const { contents, openExternal } = hardened()
      const go = (url: string) => {
        const e = electronEvent({ url })
        contents.emit(event, e)
        return e.defaultPrevented
      }
      expect(go(`${RENDERER_URL}#/streams/a`)).toBe(false)
      expect(go('app://monitor/index.html?x=1#/settings')).toBe(false)
      // The app origin's page only: not its assets, another host or port, nor the same file from file://.
      expect(go('app://monitor/assets/index.js')).toBe(true)
      expect(go('app://monitor.evil/index.html')).toBe(true)
      expect(go('app://monitor:81/index.html')).toBe(true)
      expect(go('file:///opt/app/out/renderer/index.html')).toBe(true)
      expect(go('file:///etc/passwd')).toBe(true)
      expect(go('https://evil.example/')).toBe(true)
      expect(go('http://localhost:5173/')).toBe(true)
      expect(go('javascript:alert(1)')).toBe(true)
      expect(go('https://fastpix.io/')).toBe(true)
      expect(openExternal).toHaveBeenCalledWith('https://fastpix.io/')
    })
  }

  it('navigation guard, property: anything that is not our page is refused', () => {
    const { contents } = hardened()
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl(),
          fc.string(),
          fc.constantFrom('file:///', 'about:blank', 'data:,x'),
          fc.webPath().map((path) => `app://monitor${path}`),
        ),
        (url) => {
          const e = electronEvent({ url })
          contents.emit('will-navigate', e)
          expect(e.defaultPrevented).toBe(!isRendererUrl(url, RENDERER))
        },
      ),
      { seed: 7, numRuns: 500 },
    )
  })

  it('refuses to attach a <webview>', () => {
    const { contents } = hardened()
    const e = electronEvent({})
    contents.emit('will-attach-webview', e, {}, {})
    expect(e.defaultPrevented).toBe(true)
  })

  it('applySecurityBaseline hardens every webContents the app creates', () => {
    const listeners: ((e: unknown, c: FakeWebContents) => void)[] = []
    const app = { on: (_: string, l: (e: unknown, c: FakeWebContents) => void) => listeners.push(l) }
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    }
    applySecurityBaseline(app as never, session as never, {
      renderer: RENDERER,
      openExternal: vi.fn(),
      log: silentLog,
    })
    const contents = new FakeWebContents()
    listeners[0]!({}, contents)
    expect(contents.windowOpenHandler).not.toBeNull()
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })
})

describe('permissions', () => {
  function handlers() {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    }
    hardenSession(session as never, { renderer: RENDERER, openExternal: vi.fn(), log: silentLog })
    return {
      request: session.setPermissionRequestHandler.mock.calls[0]![0] as (...a: unknown[]) => void,
      check: session.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean,
    }
  }
  const ours = new FakeWebContents()
  const theirs = new FakeWebContents('https://evil.example/')

  for (const permission of [
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'fullscreen',
    'hid',
    'serial',
    'clipboard-read',
  ]) {
    it(`denies ${permission}, even to our page`, () => {
      const { request, check } = handlers()
      const callback = vi.fn()
      request(ours, permission, callback, { requestingUrl: RENDERER_URL })
      expect(callback).toHaveBeenCalledWith(false)
      expect(check(ours, permission, 'file:///')).toBe(false)
    })
  }

  it('lets only our page write to the clipboard (the copy buttons)', () => {
    const { request, check } = handlers()
    const ok = vi.fn()
    const no = vi.fn()
    request(ours, 'clipboard-sanitized-write', ok, { requestingUrl: RENDERER_URL })
    request(theirs, 'clipboard-sanitized-write', no, { requestingUrl: 'https://evil.example/' })
    expect(ok).toHaveBeenCalledWith(true)
    expect(no).toHaveBeenCalledWith(false)
    expect(check(ours, 'clipboard-sanitized-write', 'file:///')).toBe(true)
    expect(check(theirs, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false)
    expect(check(null, 'clipboard-sanitized-write', 'file:///')).toBe(false)
  })
})

describe('openExternal allowlist (F6)', () => {
  it('accepts the allowlisted https origins, with any path', () => {
    for (const origin of EXTERNAL_ORIGINS) {
      expect(isAllowedExternalUrl(`${origin}/`)).toBe(true)
      expect(isAllowedExternalUrl(`${origin}/docs/webhooks?x=1#y`)).toBe(true)
    }
  })

  const refused = [
    'http://fastpix.io/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,hi',
    'https://fastpix.io.evil.com/',
    'https://evilfastpix.io/',
    'https://fastpix.io@evil.com/',
    'https://user:pw@fastpix.io/',
    'https://fastpix.io:8443/',
    'https://evil.com/https://fastpix.io/',
    'https://evil.com/?u=https://fastpix.io',
    'HTTPS://EVIL.COM',
    'ftp://fastpix.io/',
    'https://fastpix.io%2eevil.com/',
    'https://xn--fastpx-6ya.io/',
    'fastpix.io',
    '//fastpix.io/',
    '',
  ]
  for (const url of refused) {
    it(`refuses ${JSON.stringify(url)}`, () => expect(isAllowedExternalUrl(url)).toBe(false))
  }

  it('property: a URL passes only if it is https on an allowlisted origin, no userinfo, default port', () => {
    const host = fc.oneof(
      fc.constantFrom(...EXTERNAL_ORIGINS.map((o) => new URL(o).host)),
      fc.domain(),
      fc.constantFrom(...EXTERNAL_ORIGINS.map((o) => `${new URL(o).host}.evil.com`)),
    )
    const url = fc
      .record({
        scheme: fc.constantFrom('https', 'http', 'javascript', 'file', 'ftp', 'HTTPS', 'data'),
        userinfo: fc.option(fc.constantFrom('user@', 'a:b@', 'fastpix.io@'), { nil: '' }),
        host,
        port: fc.option(fc.constantFrom(':443', ':8443', ':80'), { nil: '' }),
        path: fc.webPath(),
      })
      .map((p) => `${p.scheme}://${p.userinfo}${p.host}${p.port}${p.path}`)
    fc.assert(
      fc.property(
        fc.oneof(url, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
        (candidate) => {
          const allowed = isAllowedExternalUrl(candidate)
          let expected = false
          try {
            const u = new URL(candidate)
            expected =
              u.protocol === 'https:' &&
              u.username === '' &&
              u.password === '' &&
              u.port === '' &&
              EXTERNAL_ORIGINS.includes(`https://${u.hostname}`)
          } catch {
            expected = false
          }
          expect(allowed).toBe(expected)
          if (allowed) expect(candidate.toLowerCase().startsWith('https://')).toBe(true)
        },
      ),
      { seed: 1337, numRuns: 2000 },
    )
  })
})
