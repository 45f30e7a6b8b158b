// A fake dashboard listener for the WebSocket MonitorApi client: sockets the test drives
// by hand and a fetch that answers the JSON routes from a mutable in-memory picture.
import type { SocketLike } from '../../../../src/renderer/src/api/ws-client.ts'
import type { MonitorSnapshot, UpdateBatch } from '../../../../src/shared/api.ts'
import type { MonitorEvent, Transition } from '../../../../src/shared/domain.ts'
import { makeReceiver, makeSnapshot } from '../fixtures.ts'

export class FakeSocket implements SocketLike {
  static all: FakeSocket[] = []
  onopen: ((ev: Event) => unknown) | null = null
  onmessage: ((ev: MessageEvent) => unknown) | null = null
  onclose: ((ev: CloseEvent) => unknown) | null = null
  onerror: ((ev: Event) => unknown) | null = null
  closedByClient = false
  readonly url: string

  constructor(url: string) {
    this.url = url
    FakeSocket.all.push(this)
  }

  static last(): FakeSocket {
    const socket = FakeSocket.all.at(-1)
    if (!socket) throw new Error('no socket opened')
    return socket
  }

  close(): void {
    this.closedByClient = true
  }

  send(message: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }))
  }

  hello(): void {
    this.send({ type: 'hello', protocol: 1 })
  }

  batch(batch: UpdateBatch): void {
    this.send({ type: 'batch', batch })
  }

  /** The server side goes away (1006) or closes with a code. */
  drop(code = 1006): void {
    this.onclose?.(new CloseEvent('close', { code }))
  }
}

export interface FakeServer {
  snapshot: MonitorSnapshot
  events: MonitorEvent[]
  transitions: Transition[]
  token: string
  reachable: boolean
  /** When set, /api/snapshot waits for this promise. */
  gate: Promise<void> | null
  requests: { url: URL; auth: string | null }[]
  fetch: (input: string, init?: RequestInit) => Promise<Response>
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

export function createFakeServer(): FakeServer {
  const server: FakeServer = {
    snapshot: makeSnapshot([], { receiver: makeReceiver() }),
    events: [],
    transitions: [],
    token: 'tok',
    reachable: true,
    gate: null,
    requests: [],
    async fetch(input, init) {
      const url = new URL(input)
      const headers = new Headers(init?.headers)
      server.requests.push({ url, auth: headers.get('authorization') })
      if (!server.reachable) throw new TypeError('Failed to fetch')
      if (headers.get('authorization') !== `Bearer ${server.token}`)
        return json({ error: { code: 'unauthorized', message: 'missing or wrong token' } }, 401)
      const from = Number(url.searchParams.get('from') ?? 0)
      switch (url.pathname) {
        case '/api/snapshot':
          if (server.gate) await server.gate
          return json(structuredClone(server.snapshot))
        case '/api/receiver':
          return json(server.snapshot.receiver)
        case '/api/events':
          return json({ events: server.events.filter((e) => e.receivedAt >= from), nextCursor: null })
        case '/api/transitions':
          return json({ transitions: server.transitions.filter((t) => t.at >= from) })
        default:
          return json({ error: { code: 'not_found', message: 'not found' } }, 404)
      }
    },
  }
  return server
}
