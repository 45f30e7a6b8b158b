// One webhook POST, the way a sender does it: exact bytes, a hard timeout, the body drained.
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export interface PostOutcome {
  /** HTTP status, or null when no answer arrived (connection error, timeout, abort). */
  status: number | null
  error: string | null
}

export interface Sender {
  post(url: URL, bytes: Buffer, headers: Record<string, string>, timeoutMs: number): Promise<PostOutcome>
  /** Aborts everything in flight and drops pooled connections. */
  close(): void
}

export function createSender(): Sender {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }
  const live = new Set<() => void>()

  const post = (url: URL, bytes: Buffer, headers: Record<string, string>, timeoutMs: number) =>
    new Promise<PostOutcome>((resolve) => {
      let settled = false
      const finish = (outcome: PostOutcome): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        live.delete(abort)
        resolve(outcome)
      }
      const https = url.protocol === 'https:'
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: https ? agents.https : agents.http,
        headers: { ...headers, 'content-length': String(bytes.length) },
      })
      const abort = (): void => {
        req.destroy(new Error('aborted'))
      }
      live.add(abort)
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      req.on('response', (res) => {
        res.on('error', (error) => finish({ status: null, error: error.message }))
        res.on('end', () => finish({ status: res.statusCode ?? null, error: null }))
        res.resume()
      })
      req.on('error', (error) => finish({ status: null, error: error.message }))
      req.end(bytes)
    })

  return {
    post,
    close() {
      for (const abort of [...live]) abort()
      agents.http.destroy()
      agents.https.destroy()
    },
  }
}

/** What a webhook sender retries: no answer, 408, 429, 5xx. */
export function retryable(outcome: PostOutcome): boolean {
  const { status } = outcome
  return status === null || status === 408 || status === 429 || status >= 500
}

export const isSuccess = (outcome: PostOutcome): boolean =>
  outcome.status !== null && outcome.status >= 200 && outcome.status < 300
