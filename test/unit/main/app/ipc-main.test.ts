// S3: every handler sits behind one gate — our top frame only, schema-checked
// arguments, errors as an envelope — and pushes are batched and held until ready.
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIpcHost, IpcFailure } from '../../../../src/main/app/ipc-main.ts'
import { INVOKE_SCHEMAS } from '../../../../src/main/app/ipc-schemas.ts'
import { rendererLocation } from '../../../../src/main/app/renderer-url.ts'
import type { UpdateBatch } from '../../../../src/shared/api.ts'
import { FakeIpcMain, FakeWebContents, RENDERER, RENDERER_URL, silentLog } from './fakes.ts'

vi.mock('electron', async () => (await import('./fakes.ts')).electronModuleMock())

function setup(batchMs = 50) {
  const ipc = new FakeIpcMain()
  const host = createIpcHost({ renderer: RENDERER, log: silentLog, ipc, batchMs })
  const handler = vi.fn(async (id: string) => ({ id }) as never)
  host.handle('monitor:getStream', INVOKE_SCHEMAS['monitor:getStream'], handler)
  const listEvents = vi.fn(async () => ({ events: [], nextCursor: null }))
  host.handle('monitor:listEvents', INVOKE_SCHEMAS['monitor:listEvents'], listEvents)
  const contents = new FakeWebContents()
  host.attach(contents as never)
  return { ipc, host, handler, listEvents, contents }
}

describe('invoke gate: sender', () => {
  it('answers our page in the top frame', async () => {
    const { ipc, handler, contents } = setup()
    await expect(ipc.invoke('monitor:getStream', { contents }, 's1')).resolves.toEqual({
      ok: true,
      data: { id: 's1' },
    })
    expect(handler).toHaveBeenCalledWith('s1')
  })

  const forged: [string, (c: FakeWebContents) => { contents: FakeWebContents; frame?: unknown }][] = [
    ['another origin', () => ({ contents: new FakeWebContents('https://evil.example/') })],
    ['another local file', () => ({ contents: new FakeWebContents('file:///tmp/evil.html') })],
    ['a lookalike path', () => ({ contents: new FakeWebContents(`${RENDERER_URL}.evil.html`) })],
    [
      'the built page opened from file://',
      () => ({ contents: new FakeWebContents('file:///opt/app/out/renderer/index.html') }),
    ],
    ['another app:// host', () => ({ contents: new FakeWebContents('app://evil/index.html') })],
    ['devtools', () => ({ contents: new FakeWebContents('devtools://devtools/bundled/inspector.html') })],
    ['a data: URL', () => ({ contents: new FakeWebContents('data:text/html,<script>1</script>') })],
    ['a gone frame (null)', (c) => ({ contents: c, frame: null })],
    [
      'a subframe showing our URL',
      (c) => ({ contents: c, frame: { url: RENDERER_URL, parent: c.mainFrame } }),
    ],
    [
      'a frame that is not the main frame',
      (c) => ({ contents: c, frame: { url: RENDERER_URL, parent: null } }),
    ],
  ]
  for (const [name, sender] of forged) {
    it(`refuses ${name}; the handler never runs`, async () => {
      const { ipc, handler, contents } = setup()
      const answer = await ipc.invoke('monitor:getStream', sender(contents) as never, 's1')
      expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } })
      expect(handler).not.toHaveBeenCalled()
    })
  }

  it('in development, trusts only the loopback dev server origin', async () => {
    const dev = rendererLocation('/x/renderer', 'http://localhost:5173/')
    const ipc = new FakeIpcMain()
    const host = createIpcHost({ renderer: dev, log: silentLog, ipc })
    const handler = vi.fn(async () => null)
    host.handle('monitor:getStream', INVOKE_SCHEMAS['monitor:getStream'], handler)
    const ok = await ipc.invoke(
      'monitor:getStream',
      { contents: new FakeWebContents('http://localhost:5173/#/') },
      'a',
    )
    const bad = await ipc.invoke(
      'monitor:getStream',
      { contents: new FakeWebContents('http://localhost:5174/') },
      'a',
    )
    expect(ok).toMatchObject({ ok: true })
    expect(bad).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // A non-loopback "dev server" is not trusted as one: the built page (app://) is expected instead.
    expect(rendererLocation('/x/renderer', 'http://evil.example:5173/')).toEqual({
      kind: 'app',
      root: '/x/renderer',
      url: 'app://monitor/index.html',
    })
  })
})

describe('invoke gate: payload', () => {
  const bad: [string, unknown[]][] = [
    ['no argument', []],
    ['a number for the id', [42]],
    ['an object for the id', [{ toString: 'x' }]],
    ['an empty id', ['']],
    ['a huge id', ['x'.repeat(10_000)]],
    ['an extra argument', ['s1', 'extra']],
  ]
  for (const [name, args] of bad) {
    it(`getStream with ${name} → bad_request, handler not called`, async () => {
      const { ipc, handler, contents } = setup()
      const answer = await ipc.invoke('monitor:getStream', { contents }, ...args)
      expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: expect.any(String) } })
      expect(handler).not.toHaveBeenCalled()
    })
  }

  const badQueries: [string, unknown][] = [
    ['an extra key', { limit: 10, evil: true }],
    ['__proto__ key', JSON.parse('{"__proto__": {"polluted": 1}, "limit": 1}')],
    ['a string limit', { limit: '10' }],
    ['a limit over 1000', { limit: 1001 }],
    ['a fractional from', { from: 1.5 }],
    ['a negative to', { to: -1 }],
    ['types not an array', { types: 'a,b' }],
    ['too many types', { types: Array.from({ length: 65 }, (_, i) => `t${i}`) }],
    ['a huge text', { text: 'y'.repeat(201) }],
    ['an unknown verification', { verification: 'maybe' }],
    ['duplicate as a string', { duplicate: 'true' }],
    ['not an object', 'limit=10'],
    ['null', null],
  ]
  for (const [name, query] of badQueries) {
    it(`listEvents with ${name} → bad_request`, async () => {
      const { ipc, listEvents, contents } = setup()
      const answer = await ipc.invoke('monitor:listEvents', { contents }, query)
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      expect(listEvents).not.toHaveBeenCalled()
    })
  }

  it('accepts what the renderer sends (empty values mean unset, as in browser mode)', async () => {
    const { ipc, listEvents, contents } = setup()
    const query = { types: ['video.live_stream.active'], from: 0, text: '', cursor: undefined, limit: 100 }
    await expect(ipc.invoke('monitor:listEvents', { contents }, query)).resolves.toMatchObject({ ok: true })
    expect(listEvents).toHaveBeenCalledWith({ types: ['video.live_stream.active'], from: 0, limit: 100 })
  })

  it('random junk never reaches a handler and never throws (property)', async () => {
    const { ipc, handler, listEvents, contents } = setup()
    await fc.assert(
      fc.asyncProperty(fc.array(fc.anything(), { maxLength: 3 }), async (args) => {
        const a = await ipc.invoke(
          'monitor:getStream',
          { contents: new FakeWebContents('https://x.test/') },
          ...args,
        )
        expect(a).toMatchObject({ ok: false, error: { code: 'forbidden' } })
        const b = (await ipc.invoke('monitor:listEvents', { contents }, ...args)) as { ok: boolean }
        if (b.ok) expect(listEvents).toHaveBeenCalled()
      }),
      { seed: 4242, numRuns: 300 },
    )
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('invoke gate: errors', () => {
  it('a failing handler answers an envelope; internal details stay in main', async () => {
    const ipc = new FakeIpcMain()
    const errors: string[] = []
    const host = createIpcHost({
      renderer: RENDERER,
      log: { ...silentLog, error: (m) => errors.push(m) },
      ipc,
    })
    host.handle('monitor:getStream', INVOKE_SCHEMAS['monitor:getStream'], async () => {
      throw new Error('SQLITE_IOERR at /home/user/secret/path')
    })
    host.handle('monitor:getEvent', INVOKE_SCHEMAS['monitor:getEvent'], async () => {
      throw new IpcFailure('not_found', 'no such event')
    })
    const contents = new FakeWebContents()
    expect(await ipc.invoke('monitor:getStream', { contents }, 'x')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    })
    expect(errors.join()).toContain('SQLITE_IOERR')
    expect(await ipc.invoke('monitor:getEvent', { contents }, 'x')).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such event' },
    })
  })

  it('stop() removes every handler it registered', () => {
    const { ipc, host } = setup()
    expect(ipc.handlers.size).toBe(2)
    host.stop()
    expect(ipc.handlers.size).toBe(0)
  })
})

const batch = (seq: number): UpdateBatch => ({
  seq,
  streams: [],
  removedStreamIds: [],
  events: [],
  transitions: [],
  receiver: null,
  workspaceHealth: null,
  settings: null,
  decisions: [],
  notifications: null,
  workspace: null,
})

describe('push: ready handshake and batching', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('queues until the page says ready, then delivers everything in order', async () => {
    const { ipc, host, contents } = setup()
    for (let i = 1; i <= 5; i++) host.push('monitor:update', batch(i))
    await vi.advanceTimersByTimeAsync(1000)
    expect(contents.send).not.toHaveBeenCalled()
    ipc.emit('ipc:ready', contents, 'monitor:update')
    await vi.advanceTimersByTimeAsync(0)
    expect(contents.send).toHaveBeenCalledTimes(1)
    const [channel, envelopes] = contents.send.mock.calls[0] as [string, { payload: UpdateBatch }[]]
    expect(channel).toBe('ipc:push')
    expect(envelopes.map((e) => e.payload.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('sends at most one message per 50 ms, however fast pushes come', async () => {
    const { ipc, host, contents } = setup(50)
    ipc.emit('ipc:ready', contents, 'monitor:update')
    const sentAt: number[] = []
    contents.send.mockImplementation(() => sentAt.push(Date.now()))
    for (let i = 1; i <= 1000; i++) {
      host.push('monitor:update', batch(i))
      await vi.advanceTimersByTimeAsync(1)
    }
    await vi.advanceTimersByTimeAsync(100)
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(50)
    expect(sentAt.length).toBeLessThanOrEqual(Math.ceil(1000 / 50) + 1)
    const seqs = contents.send.mock.calls.flatMap((c) =>
      (c[1] as { payload: UpdateBatch }[]).map((e) => e.payload.seq),
    )
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
  })

  it('a reload makes the page not ready again; pushes meanwhile wait for the new page', async () => {
    const { ipc, host, contents } = setup()
    ipc.emit('ipc:ready', contents, 'monitor:update')
    host.push('monitor:update', batch(1))
    await vi.advanceTimersByTimeAsync(60)
    expect(contents.send).toHaveBeenCalledTimes(1)
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: RENDERER_URL })
    host.push('monitor:update', batch(2))
    await vi.advanceTimersByTimeAsync(500)
    expect(contents.send).toHaveBeenCalledTimes(1)
    ipc.emit('ipc:ready', contents, 'monitor:update')
    await vi.advanceTimersByTimeAsync(60)
    expect(contents.send).toHaveBeenCalledTimes(2)
    // A hash change (tray → open stream) is the same document: still ready.
    contents.emit('did-start-navigation', {
      isMainFrame: true,
      isSameDocument: true,
      url: `${RENDERER_URL}#/x`,
    })
    host.push('monitor:update', batch(3))
    await vi.advanceTimersByTimeAsync(60)
    expect(contents.send).toHaveBeenCalledTimes(3)
  })

  it('ignores ready from a page that is not ours, and unknown channels', async () => {
    const { ipc, host, contents } = setup()
    host.push('monitor:update', batch(1))
    ipc.emit('ipc:ready', new FakeWebContents('https://evil.example/'), 'monitor:update')
    ipc.emit('ipc:ready', contents, 'secrets:all')
    await vi.advanceTimersByTimeAsync(200)
    expect(contents.send).not.toHaveBeenCalled()
  })

  it('keeps at most maxQueue pushes while nobody is ready (oldest dropped)', async () => {
    const ipc = new FakeIpcMain()
    const host = createIpcHost({ renderer: RENDERER, log: silentLog, ipc, maxQueue: 10 })
    const contents = new FakeWebContents()
    host.attach(contents as never)
    for (let i = 1; i <= 25; i++) host.push('monitor:update', batch(i))
    ipc.emit('ipc:ready', contents, 'monitor:update')
    await vi.advanceTimersByTimeAsync(60)
    const seqs = (contents.send.mock.calls[0]![1] as { payload: UpdateBatch }[]).map((e) => e.payload.seq)
    expect(seqs).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
  })
})
