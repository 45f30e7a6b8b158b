// T4: the dashboard listener answers only a browser on this machine that holds
// the per-launch token. Loopback proves nothing (tunnel traffic is loopback too),
// so Host (DNS rebinding) and Origin (cross-site pages) are checked as well.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function presentedToken(request: FastifyRequest): string | null {
  const auth = request.headers.authorization
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim()
  const query = request.query as Record<string, unknown> | undefined
  const fromQuery = query?.token
  return typeof fromQuery === 'string' ? fromQuery : null
}

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403; message: string }

export function checkRequest(request: FastifyRequest, token: string, needsToken: boolean): GuardResult {
  const port = request.raw.socket.localPort ?? 0
  const hosts = allowedHosts(port)
  const host = request.headers.host
  if (typeof host !== 'string' || !hosts.has(host.toLowerCase())) {
    return { ok: false, status: 403, message: 'forbidden host' }
  }
  const origin = request.headers.origin
  if (origin !== undefined) {
    const allowed = [...hosts].map((h) => `http://${h}`)
    if (typeof origin !== 'string' || !allowed.includes(origin.toLowerCase())) {
      return { ok: false, status: 403, message: 'forbidden origin' }
    }
  }
  if (needsToken) {
    const given = presentedToken(request)
    if (given === null || !sameToken(given, token)) {
      return { ok: false, status: 401, message: 'missing or wrong token' }
    }
  }
  return { ok: true }
}

export function guardHook(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? ''
    const result = checkRequest(request, token, path.startsWith('/api/') || path === '/api')
    if (!result.ok) {
      await reply.code(result.status).send({
        error: { code: result.status === 401 ? 'unauthorized' : 'forbidden', message: result.message },
      })
    }
  }
}
