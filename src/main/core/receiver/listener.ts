// Binds the webhook app on loopback only: the ngrok agent forwards to it from the
// same machine, nothing else may reach it.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

export const WEBHOOK_HOST = '127.0.0.1'

export interface WebhookListenerOptions {
  /** 0 (default) picks a free ephemeral port. */
  port?: number
  /** On close, connections still open after this long are cut (trickling clients). Default 2 s. */
  closeGraceMs?: number
}

export interface WebhookListener {
  /** Origin of the listener, `http://127.0.0.1:<port>` (append WEBHOOK_PATH for the route). */
  url: string
  port: number
  close(): Promise<void>
}

export async function startWebhookListener(
  app: FastifyInstance,
  options: WebhookListenerOptions = {},
): Promise<WebhookListener> {
  const requested = options.port ?? 0
  if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
    throw new RangeError(`webhook port must be an integer 0–65535, got ${String(requested)}`)
  }
  await app.listen({
    host: WEBHOOK_HOST,
    port: requested,
    listenTextResolver: (address) => `webhook listener on ${address}`,
  })
  const address = app.server.address() as AddressInfo | null
  if (address === null || address.address !== WEBHOOK_HOST) {
    await app.close()
    throw new Error('webhook listener did not bind to 127.0.0.1')
  }
  const port = address.port
  let closing: Promise<void> | null = null
  return {
    url: `http://${WEBHOOK_HOST}:${port}`,
    port,
    close() {
      closing ??= closeBounded(app, options.closeGraceMs ?? 2_000)
      return closing
    },
  }
}

async function closeBounded(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs)
  try {
    await app.close()
  } finally {
    clearTimeout(timer)
  }
}
