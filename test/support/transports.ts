// The operations as a transport delivers them to the core. Inputs are validated once,
// at the transport (IPC gate or dashboard route); a test that shows the core refusing
// bad input goes through one of these.
import { INVOKE_SCHEMAS } from '../../src/main/app/ipc-schemas.ts'
import { buildDashboardApp } from '../../src/main/serve/dashboard-app.ts'
import { createHttpApi, type HttpApi } from '../../src/renderer/src/api/http.ts'
import type { MonitorApi, MonitorCoreApi } from '../../src/shared/api.ts'
import { channelOf } from '../../src/shared/ipc.ts'
import { OPERATION_NAMES } from '../../src/shared/operations.ts'

/**
 * Each call's arguments parsed by the IPC gate's own schemas first (a refusal is the
 * ZodError the gate turns into words), then handed to `api`.
 */
export function checked(api: MonitorApi): MonitorApi {
  const calls = Object.fromEntries(
    OPERATION_NAMES.map((name) => [
      name,
      async (...args: unknown[]) => {
        const valid = INVOKE_SCHEMAS[channelOf(name)].parse(args) as unknown[]
        return (api[name] as (...a: unknown[]) => Promise<unknown>).apply(api, valid)
      },
    ]),
  )
  return { ...calls, onUpdate: (listener) => api.onUpdate(listener) } as MonitorApi
}

/** The dashboard app on 127.0.0.1 in front of `api`, called with the browser's HTTP client. */
export async function overHttp(
  api: MonitorApi | MonitorCoreApi,
): Promise<{ api: HttpApi; close: () => Promise<void> }> {
  const token = 'transport-token-0123456789'
  // A core alone answers only its own operations; the others are never called here.
  const app = await buildDashboardApp({ api: api as MonitorApi, token })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { api: createHttpApi(`http://127.0.0.1:${port}`, token, fetch), close: () => app.close() }
}
