// The connector's use of the @ngrok/ngrok API, against a stand-in module.
import { describe, expect, it, vi } from 'vitest'
import { createNgrokConnector, type Ngrok } from '../../../../../src/main/core/tunnel/ngrok-connector.ts'
import type { TunnelConnectRequest } from '../../../../../src/main/core/tunnel/types.ts'

interface Behaviour {
  connectError?: Error
  listenError?: Error
  url?: string | null
}

function fakeNgrok(behaviour: Behaviour = {}) {
  const calls: string[] = []
  let onDisconnect: ((addr: string, error: string) => boolean) | null = null
  const session = {
    httpEndpoint: () => endpoint,
    close: vi.fn(async () => {}),
  }
  const endpoint = {
    domain(domain: string) {
      calls.push(`domain ${domain}`)
      return endpoint
    },
    async listenAndForward(url: string) {
      calls.push(`forward ${url}`)
      if (behaviour.listenError) throw behaviour.listenError
      return { url: () => (behaviour.url === undefined ? 'https://x.ngrok-free.app' : behaviour.url) }
    },
  }
  class SessionBuilder {
    authtoken(token: string) {
      calls.push(`authtoken ${token}`)
      return this
    }
    serverAddr(addr: string) {
      calls.push(`serverAddr ${addr}`)
      return this
    }
    handleDisconnection(handler: (addr: string, error: string) => boolean) {
      onDisconnect = handler
      return this
    }
    async connect() {
      calls.push('connect')
      if (behaviour.connectError) throw behaviour.connectError
      return session
    }
  }
  return {
    load: async () => ({ SessionBuilder }) as unknown as Ngrok,
    calls,
    session,
    disconnect: (error: string) => onDisconnect!('connect.ngrok-agent.com:443', error),
  }
}

function request(extra: Partial<TunnelConnectRequest> = {}): TunnelConnectRequest {
  return {
    upstream: { host: '127.0.0.1', port: 8787 },
    authtoken: 'tok',
    domain: null,
    onLost: vi.fn(),
    ...extra,
  }
}

describe('ngrok connector', () => {
  it('opens a session and an HTTPS endpoint forwarding to 127.0.0.1:<port>; close ends the session', async () => {
    const ngrok = fakeNgrok()
    const connector = createNgrokConnector({ load: ngrok.load })
    const connection = await connector.connect(request({ domain: 'mine.ngrok-free.app' }))
    expect(ngrok.calls).toEqual([
      'authtoken tok',
      'connect',
      'domain mine.ngrok-free.app',
      'forward http://127.0.0.1:8787',
    ])
    expect(connection.url).toBe('https://x.ngrok-free.app')
    await connection.close()
    expect(ngrok.session.close).toHaveBeenCalledOnce()
  })

  it('dials the test server address when given', async () => {
    const ngrok = fakeNgrok()
    await createNgrokConnector({ load: ngrok.load, serverAddr: '127.0.0.1:4443' }).connect(request())
    expect(ngrok.calls).toContain('serverAddr 127.0.0.1:4443')
  })

  it('reports a lost session once and lets ngrok keep the session alive until we close it', async () => {
    const ngrok = fakeNgrok()
    const req = request()
    await createNgrokConnector({ load: ngrok.load }).connect(req)
    expect(ngrok.disconnect('connection reset')).toBe(true)
    expect(ngrok.disconnect('still down')).toBe(true)
    expect(req.onLost).toHaveBeenCalledExactlyOnceWith('connection reset')
  })

  it('turns a session failure into plain words', async () => {
    const ngrok = fakeNgrok({
      connectError: new Error('failed to connect session: failed to establish tcp connection'),
    })
    await expect(createNgrokConnector({ load: ngrok.load }).connect(request())).rejects.toMatchObject({
      name: 'TunnelError',
      kind: 'unreachable',
      message: 'could not reach ngrok (no internet?)',
    })
  })

  it('closes the session when the endpoint is refused', async () => {
    const ngrok = fakeNgrok({ listenError: new Error('failed to bind error_code: ERR_NGROK_319') })
    await expect(
      createNgrokConnector({ load: ngrok.load }).connect(request({ domain: 'taken.ngrok.app' })),
    ).rejects.toMatchObject({ kind: 'config' })
    expect(ngrok.session.close).toHaveBeenCalledOnce()
  })

  it('an endpoint without a URL is not online', async () => {
    const ngrok = fakeNgrok({ url: null })
    await expect(createNgrokConnector({ load: ngrok.load }).connect(request())).rejects.toMatchObject({
      kind: 'unreachable',
      message: 'ngrok gave no public URL',
    })
    expect(ngrok.session.close).toHaveBeenCalledOnce()
  })

  it('a module that cannot load is a config error, logged once per try', async () => {
    const error = vi.fn()
    const connector = createNgrokConnector({
      load: () => Promise.reject(new Error('Cannot find native binding')),
      logger: { debug() {}, info() {}, warn() {}, error },
    })
    await expect(connector.connect(request())).rejects.toMatchObject({
      kind: 'config',
      message: 'the ngrok module is not available on this system',
    })
    expect(error).toHaveBeenCalledWith('could not load @ngrok/ngrok: Cannot find native binding')
  })
})
