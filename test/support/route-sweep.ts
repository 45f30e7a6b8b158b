// Spellings of one path that a router may decode to the same route, and a raw
// socket request that sends them byte for byte (fetch, undici and inject all
// normalise the target first, which would hide exactly what is being tested).
import { connect } from 'node:net'

const hex = (char: string): string => char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')

/** Every position of `path` rewritten by `at`, one position at a time. */
function eachPosition(path: string, at: (char: string) => string | null): string[] {
  const out: string[] = []
  for (let i = 0; i < path.length; i++) {
    const replaced = at(path[i] ?? '')
    if (replaced !== null) out.push(path.slice(0, i) + replaced + path.slice(i + 1))
  }
  return out
}

function toggleCase(char: string): string | null {
  const upper = char.toUpperCase()
  const lower = char.toLowerCase()
  if (upper === lower) return null
  return char === upper ? lower : upper
}

/** `path` with `insert` placed at each of its slashes (after the slash). */
function atEachSlash(path: string, insert: string): string[] {
  return eachPosition(path, (c) => (c === '/' ? `/${insert}` : null))
}

/**
 * Origin-form spellings of `path` (which starts with `/`) and the absolute form of
 * each (`http://127.0.0.1:PORT…`), deduplicated; the canonical path comes first.
 */
export function pathSpellings(path: string, port: number, host = '127.0.0.1'): string[] {
  const origin: string[] = [path]
  // Percent-encoding of each character (upper- and lower-case hex), of all of them, double encoding.
  origin.push(...eachPosition(path, (c) => `%${hex(c)}`))
  origin.push(...eachPosition(path, (c) => `%${hex(c).toLowerCase()}`))
  origin.push(...eachPosition(path, (c) => `%25${hex(c)}`))
  origin.push(path.replace(/[^/]/g, (c) => `%${hex(c)}`))
  origin.push(path.replace(/[^/]/g, (c) => `%25${hex(c)}`))
  origin.push(`/${path.slice(1).replace(/./g, (c) => `%${hex(c)}`)}`)
  // Case.
  origin.push(...eachPosition(path, toggleCase), path.toUpperCase())
  // Doubled slashes, dot segments (plain and encoded), `;` parameters, trailing slash.
  origin.push(...atEachSlash(path, '/'), `${path}//`)
  origin.push(...atEachSlash(path, './'), ...atEachSlash(path, 'x/../'))
  origin.push(
    ...atEachSlash(path, '%2e/'),
    ...atEachSlash(path, 'x/%2e%2e/'),
    ...atEachSlash(path, 'x/.%2E/'),
  )
  origin.push(...atEachSlash(path, 'x%2f..%2f'), `/x/..${path}`, `${path}/.`, `${path}/x/..`)
  origin.push(`${path};`, `${path};x=1`, ...eachPosition(path, (c) => (c === '/' ? ';x=1/' : null)).slice(1))
  origin.push(`${path}/`, `${path}%2F`, `${path}%00`, `${path}%20`, `${path}.`, path.replace(/\//g, '\\'))
  const unique = [...new Set(origin)]
  const absolute = unique.flatMap((p) => (p.startsWith('/') ? [`http://${host}:${port}${p}`] : []))
  absolute.push(`http://localhost:${port}${path}`, `HTTP://${host}:${port}${path}`)
  return [...new Set([...unique, ...absolute])]
}

export interface SweepRoute {
  method: string
  websocket: boolean
}

/** The raw request for one route and target; with `token` null none is sent. */
export function sweepRequest(
  route: SweepRoute,
  target: string,
  port: number,
  token: string | null,
  host = `127.0.0.1:${port}`,
): { head: string; body: string } {
  const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH'
  const body = hasBody ? '{}' : ''
  const lines = [`${route.method} ${target} HTTP/1.1`, `Host: ${host}`]
  if (token !== null) lines.push(`Authorization: Bearer ${token}`)
  if (route.websocket && route.method === 'GET')
    lines.push(
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    )
  else lines.push('Connection: close')
  if (hasBody) lines.push('Content-Type: application/json', `Content-Length: ${body.length}`)
  return { head: `${lines.join('\r\n')}\r\n\r\n`, body }
}

/** Sends `head` + `body` on a fresh socket; resolves the status code (0 if closed without one). */
export function rawStatus(
  port: number,
  head: string,
  body = '',
  timeoutMs = 5000,
  address = '127.0.0.1',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port })
    let received = ''
    let done = false
    const finish = (status: number | Error): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      if (status instanceof Error) reject(status)
      else resolve(status)
    }
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${timeoutMs} ms to ${head.split('\r\n')[0]}`)),
      timeoutMs,
    )
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      received += chunk
      const end = received.indexOf('\r\n')
      if (end >= 0) finish(Number(received.slice(0, end).split(' ')[1]) || 0)
    })
    socket.on('error', () => finish(0))
    socket.on('close', () => finish(0))
    socket.write(head + body)
  })
}
