// Helpers for the receiver integration tests: a real listener on 127.0.0.1:0 with the
// memory intake, raw-socket HTTP for requests no well-behaved client would send, and
// a pino-compatible logger that keeps every line.
import { connect, type Socket } from 'node:net'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import {
  buildWebhookApp,
  startWebhookListener,
  WEBHOOK_PATH,
  type WebhookAppDeps,
  type WebhookListener,
} from '../../src/main/core/receiver/webhook-app.ts'
import { createMemoryIntake, type MemoryIntake, type MemoryIntakeOptions } from '../support/memory-intake.ts'

export const SIGNING_SECRET = 'ZXhhbXBsZS1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm'
export const KEY = decodeSigningSecret(SIGNING_SECRET)!

export interface Receiver {
  app: FastifyInstance
  intake: MemoryIntake
  listener: WebhookListener
  port: number
  url: string
  close(): Promise<void>
}

export async function startReceiver(
  options: { intake?: MemoryIntakeOptions; app?: Partial<WebhookAppDeps> } = {},
): Promise<Receiver> {
  const intake = createMemoryIntake({ key: KEY, ...options.intake })
  const app = buildWebhookApp({ intake, ...options.app })
  const listener = await startWebhookListener(app, { port: 0, closeGraceMs: 500 })
  return {
    app,
    intake,
    listener,
    port: listener.port,
    url: `${listener.url}${WEBHOOK_PATH}`,
    close: () => listener.close(),
  }
}

export function eventBody(id: string, data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'video.live_stream.active',
    object: { type: 'live', id: '91b8484250e5a1ed03fd4e100b807082' },
    id,
    workspace: { id: 'ws-1', name: 'Development' },
    data: { status: 'active', ...data },
    createdAt: '2026-05-20T12:55:02.118Z',
    attempts: [],
  })
}

export function signedHeaders(body: string | Buffer, key: Buffer = KEY): Record<string, string> {
  return { 'content-type': 'application/json', 'fastpix-signature': sign(body, key) }
}

export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers, body })
  const text = await res.text()
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  }
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The server closed the connection (within `closeWaitMs` after answering). */
  closed: boolean
}

/** One raw HTTP/1.1 exchange. `head` is the request line + headers without the blank line. */
export function rawRequest(
  port: number,
  head: string,
  body: string | Buffer = '',
  opts: { headRequest?: boolean; timeoutMs?: number; closeWaitMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    let buffer = Buffer.alloc(0)
    let parsed: Omit<RawResponse, 'closed'> | null = null
    let done = false
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${opts.timeoutMs ?? 5000} ms`)),
      opts.timeoutMs ?? 5000,
    )
    const finish = (error: Error | null, closed = false) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      if (parsed) resolve({ ...parsed, closed })
      else reject(error ?? new Error('connection closed without an answer'))
    }
    socket.on('error', () => finish(null, true))
    socket.on('close', () => finish(null, true))
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      if (parsed) return
      parsed = parseResponse(buffer, opts.headRequest === true)
      if (parsed)
        setTimeout(() => finish(null, socket.destroyed || socket.readableEnded), opts.closeWaitMs ?? 50)
    })
    socket.on('end', () => {
      if (parsed) finish(null, true)
    })
    socket.write(`${head}\r\n\r\n`)
    if (body.length > 0) socket.write(body)
  })
}

/** Parses a complete response (Content-Length or none) from the bytes so far, or null. */
export function parseResponse(buffer: Buffer, headRequest = false): Omit<RawResponse, 'closed'> | null {
  const end = buffer.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = headRequest ? 0 : Number(headers['content-length'] ?? 0)
  if (buffer.length < end + 4 + length) return null
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: buffer.subarray(end + 4, end + 4 + length).toString('utf8'),
  }
}

/** Opens a socket and resolves once connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket))
    socket.once('error', reject)
  })
}

/** A pino-compatible logger that keeps every line (level + JSON of the arguments). */
export function createCaptureLogger(lines: string[] = []): { logger: FastifyBaseLogger; lines: string[] } {
  const write =
    (level: string) =>
    (...args: unknown[]): void => {
      lines.push(`${level} ${JSON.stringify(args)}`)
    }
  const logger = {
    level: 'trace',
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    silent: () => {},
    child: () => logger,
  }
  return { logger: logger as unknown as FastifyBaseLogger, lines }
}

export function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {}
  return (
    probe.polluted === undefined && probe.isAdmin === undefined && Object.keys(Object.prototype).length === 0
  )
}
