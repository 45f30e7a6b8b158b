// S6: the renderer comes from app://monitor/, a privileged custom scheme, and the handler
// serves only files inside the built renderer folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  APP_SCHEME_PRIVILEGES,
  appFilePath,
  contentTypeOf,
  createAppFileHandler,
  registerAppScheme,
  serveAppScheme,
} from '../../../../src/main/app/app-protocol.ts'
import { CONTENT_SECURITY_POLICY } from '../../../../src/main/app/security.ts'

let base = ''
let root = ''
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fpm-app-protocol-'))
  root = join(base, 'out', 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>monitor</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>')
  writeFileSync(join(root, 'assets', 'blob.bin'), 'x')
  // Beside the renderer folder: what traversal would be after.
  writeFileSync(join(base, 'out', 'secret.txt'), 'not for the page')
  symlinkSync(join(base, 'out', 'secret.txt'), join(root, 'assets', 'link.txt'))
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

const get = (url: string, method = 'GET') => createAppFileHandler(root)(new Request(url, { method }))

describe('the app:// handler', () => {
  it('serves index.html and the assets with their content types and the CSP', async () => {
    const page = await get('app://monitor/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toBe('<!doctype html><title>monitor</title>')
    for (const [file, type] of [
      ['index-abc.js', 'text/javascript; charset=utf-8'],
      ['index-abc.css', 'text/css; charset=utf-8'],
      ['logo.svg', 'image/svg+xml'],
      ['blob.bin', 'application/octet-stream'],
    ]) {
      const res = await get(`app://monitor/assets/${file}?v=1#x`)
      expect(res.status, file).toBe(200)
      expect(res.headers.get('content-type'), file).toBe(type)
    }
    expect(await (await get('app://monitor/assets/index-abc.js')).text()).toBe('console.log(1)')
    const head = await get('app://monitor/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it.each([
    'app://monitor/../../etc/passwd',
    'app://monitor/%2e%2e/%2e%2e/etc/passwd',
    'app://monitor/..%2f..%2fsecret.txt',
    'app://monitor/assets/..%2F..%2Fsecret.txt',
    'app://monitor/..%5c..%5csecret.txt',
    'app://monitor/%2Fetc%2Fpasswd',
    'app://monitor//etc/passwd',
    'app://monitor/C:%5Cwindows%5Cwin.ini',
    'app://monitor/index.html%00.js',
    'app://monitor/%E0%A4%A',
    'app://monitor/assets/link.txt',
    'app://monitor/assets',
    'app://monitor/assets/',
    'app://monitor/',
    'app://monitor/missing.js',
    'app://other/index.html',
    'app://monitor.evil/index.html',
  ])('%s → 404', async (url) => {
    const res = await get(url)
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('Not found')
  })

  it('only GET and HEAD', async () => {
    const res = await get('app://monitor/index.html', 'POST')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
  })

  it('appFilePath maps plain names under the folder and nothing else', () => {
    expect(appFilePath(root, 'app://monitor/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'))
    expect(appFilePath(root, 'app://monitor/a%20b.png')).toBe(join(root, 'a b.png'))
    expect(appFilePath(root, 'file:///etc/passwd')).toBeNull()
    // (a Request cannot even carry credentials; the check is for any other caller)
    expect(appFilePath(root, 'app://user:pw@monitor/index.html')).toBeNull()
    expect(appFilePath(root, 'not a url')).toBeNull()
    expect(contentTypeOf('X.HTML')).toBe('text/html; charset=utf-8')
  })
})

describe('registration', () => {
  it('the scheme is standard and secure, without a CSP bypass or service workers', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() }
    registerAppScheme(protocol)
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES])
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    })
  })

  it('serveAppScheme hands the folder handler to protocol.handle and can take it back', async () => {
    const handlers = new Map<string, (r: Request) => Promise<Response>>()
    const protocol = {
      handle: vi.fn((scheme: string, h: (r: Request) => Promise<Response>) => void handlers.set(scheme, h)),
      unhandle: vi.fn((scheme: string) => void handlers.delete(scheme)),
    }
    const stop = serveAppScheme(protocol as never, root)
    const handler = handlers.get('app')
    expect((await handler?.(new Request('app://monitor/index.html')))?.status).toBe(200)
    stop()
    expect(protocol.unhandle).toHaveBeenCalledWith('app')
    expect(handlers.size).toBe(0)
  })
})
