// The workspace calls of the HTTP client: the routes, methods and bodies the dashboard listener expects.
import { describe, expect, it } from 'vitest'
import { createHttpApi } from '../../../../src/renderer/src/api/http.ts'
import { MonitorApiError } from '../../../../src/renderer/src/api/link.ts'
import type { ConnectInput } from '../../../../src/shared/workspace.ts'
import { makeConnection, makeLiveConnection, T0 } from '../fixtures.ts'

interface Seen {
  method: string
  path: string
  auth: string | null
  contentType: string | null
  body: unknown
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function recorder(answer: (seen: Seen) => Response) {
  const seen: Seen[] = []
  const api = createHttpApi('http://127.0.0.1:8791/', 'tok', async (input, init) => {
    const headers = new Headers(init?.headers)
    const request: Seen = {
      method: init?.method ?? 'GET',
      path: new URL(input).pathname,
      auth: headers.get('authorization'),
      contentType: headers.get('content-type'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    seen.push(request)
    return answer(request)
  })
  return { api, seen }
}

describe('HTTP client: workspace connection', () => {
  it('sends each call to its route with the token header and the JSON body', async () => {
    const live = makeLiveConnection()
    const answers: Record<string, unknown> = {
      '/api/workspace': makeConnection(),
      '/api/workspace/test': { state: 'ok', error: null, streams: 4, checkedAt: T0 },
      '/api/workspace/connect': live,
      '/api/workspace/signing-secret': { released: 3, rejected: 1 },
      '/api/workspace/demo': makeConnection({ generation: 3 }),
      '/api/workspace/reconcile': { state: 'running', lastAt: null, lastError: null, corrections: 0 },
      '/api/workspace/tunnel/reconnect': live,
    }
    const { api, seen } = recorder((r) => json(answers[r.path]))
    const input: ConnectInput = {
      accessTokenId: 'id',
      secretKey: 'key',
      publicUrl: { mode: 'ngrok', authtoken: 'ngrok', domain: 'x.ngrok.app' },
    }

    expect(await api.getWorkspaceStatus()).toEqual(makeConnection())
    expect(await api.testCredentials({ accessTokenId: 'id', secretKey: 'key' })).toMatchObject({ streams: 4 })
    expect(await api.connectWorkspace(input)).toEqual(live)
    expect(await api.setSigningSecret('c2VjcmV0')).toEqual({ released: 3, rejected: 1 })
    expect((await api.useDemo()).generation).toBe(3)
    expect((await api.reconcileNow()).state).toBe('running')
    expect(await api.reconnectTunnel()).toEqual(live)

    expect(seen.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/api/workspace', undefined],
      ['POST', '/api/workspace/test', { accessTokenId: 'id', secretKey: 'key' }],
      ['POST', '/api/workspace/connect', input],
      ['POST', '/api/workspace/signing-secret', { secret: 'c2VjcmV0' }],
      ['POST', '/api/workspace/demo', {}],
      ['POST', '/api/workspace/reconcile', {}],
      ['POST', '/api/workspace/tunnel/reconnect', {}],
    ])
    expect(seen.every((r) => r.auth === 'Bearer tok')).toBe(true)
    expect(seen.filter((r) => r.method === 'POST').every((r) => r.contentType === 'application/json')).toBe(
      true,
    )
  })

  it("turns the core's refusal into an error carrying its words", async () => {
    const { api } = recorder(() =>
      json({ error: { code: 'tunnel_failed', message: 'ngrok refused the authtoken (ERR_NGROK_105)' } }, 400),
    )
    const failure = await api
      .connectWorkspace({
        accessTokenId: 'a',
        secretKey: 'b',
        publicUrl: { mode: 'own', url: 'https://x.io' },
      })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MonitorApiError)
    expect(failure).toMatchObject({
      status: 400,
      code: 'tunnel_failed',
      message: 'ngrok refused the authtoken (ERR_NGROK_105)',
    })
  })
})
