// The real connector over @ngrok/ngrok: one session and one HTTPS endpoint forwarding to
// the webhook listener. The module is imported on first use, so the core still loads
// when the native binary failed to install.
import type * as NgrokModule from '@ngrok/ngrok'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import { listenError, sessionError } from './ngrok-errors.ts'
import {
  type TunnelConnection,
  type TunnelConnector,
  type TunnelConnectRequest,
  TunnelError,
} from './types.ts'

/** The part of @ngrok/ngrok this connector uses. */
export type Ngrok = Pick<typeof NgrokModule, 'SessionBuilder'>

export interface NgrokConnectorOptions {
  /** Test only: dial this host:port instead of ngrok's servers. */
  serverAddr?: string
  /** Test only: replaces the dynamic import of @ngrok/ngrok. */
  load?: () => Promise<Ngrok>
  logger?: Logger
}

const importNgrok = async (): Promise<Ngrok> => {
  const mod = await import('@ngrok/ngrok')
  return typeof mod.SessionBuilder === 'function' ? mod : mod.default
}

export function createNgrokConnector(options: NgrokConnectorOptions = {}): TunnelConnector {
  const load = options.load ?? importNgrok
  const log = options.logger ?? silentLogger

  async function loadModule(): Promise<Ngrok> {
    try {
      return await load()
    } catch (error) {
      log.error(`could not load @ngrok/ngrok: ${error instanceof Error ? error.message : String(error)}`)
      throw new TunnelError('config', 'the ngrok module is not available on this system')
    }
  }

  return {
    async connect(request: TunnelConnectRequest): Promise<TunnelConnection> {
      const ngrok = await loadModule()
      let reported = false
      const builder = new ngrok.SessionBuilder()
        .authtoken(request.authtoken)
        .handleDisconnection((_addr, error) => {
          if (!reported) {
            reported = true
            request.onLost(error)
          }
          // true lets ngrok keep trying until we close the session; false would throw uncaught.
          return true
        })
      if (options.serverAddr !== undefined) builder.serverAddr(options.serverAddr)

      let session: NgrokModule.Session
      try {
        session = await builder.connect()
      } catch (error) {
        throw sessionError(error)
      }
      try {
        const endpoint = session.httpEndpoint()
        if (request.domain !== null) endpoint.domain(request.domain)
        const { host, port } = request.upstream
        const listener = await endpoint.listenAndForward(`http://${host}:${port}`)
        const url = listener.url()
        if (url === null) throw new TunnelError('unreachable', 'ngrok gave no public URL')
        return { url, close: () => session.close() }
      } catch (error) {
        await session.close().catch(() => {})
        throw error instanceof TunnelError ? error : listenError(error, request.domain)
      }
    },
  }
}
