// The headless host: the workspace controller (monitor, webhook listener, demo or the
// real workspace's tunnel and reconciler) + the dashboard listener. The CLI and the
// integration tests both start it here.
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { workspaceDir } from '../core/config/paths.ts'
import {
  loadNotifications,
  loadSettings,
  saveNotifications,
  saveSettings,
} from '../core/config/settings-file.ts'
import type { Logger } from '../core/logger.ts'
import { silentLogger } from '../core/logger.ts'
import type { ReportingMonitor } from '../core/monitor/index.ts'
import { createShutdown } from '../core/shutdown.ts'
import type { TunnelConnector } from '../core/tunnel/types.ts'
import { memoryConfigFile, type PublicUrlConfig, type WorkspaceConfig } from '../core/workspace/config.ts'
import { startWorkspaceController, type WorkspaceController } from '../core/workspace/controller.ts'
import { buildDashboardApp } from './dashboard-app.ts'
import { DEFAULT_LISTEN, isWildcard, type ListenSettings, listenWarnings, urlHost } from './options.ts'

export interface ServeOptions {
  dataDir: string
  /** Run the built-in demo workspace (`--demo`). */
  demo: boolean
  /** Run the real workspace even with nothing configured yet (`--live`). */
  live?: boolean
  /** 0 = ephemeral. */
  webhookPort: number
  /** Dashboard/API port; 0 = ephemeral. */
  port: number
  /** Base64 signing secret (real workspace); ignored with demo, which makes its own. */
  signingSecret: string | null
  /** Access Token ID + Secret Key of the real workspace (from the environment). */
  fastpix?: { accessTokenId: string; secretKey: string } | null
  /** How FastPix reaches the receiver: an ngrok tunnel or the operator's own public URL. */
  publicUrl?: PublicUrlConfig | null
  /** FastPix REST base URL (default https://api.fastpix.com/v1/; tests point it at the fake). */
  fastpixApiUrl?: string
  /** Full reconcile rounds this often (ms); default 5 min. */
  reconcileIntervalMs?: number
  demoSpeed?: number
  demoSeed?: number
  staticDir?: string | null
  /** The dashboard API token; default a fresh random one (the CLI makes it first to keep it out of its logs). */
  apiToken?: string
  logger?: Logger
  /** Upper bound for a graceful stop (ms). */
  shutdownCapMs?: number
  /** How the dashboard listener is exposed; default 127.0.0.1, plain http, no proxy trusted. */
  exposure?: ListenSettings
  /** Tests: replace the ngrok connector and its timeout. */
  tunnel?: { connector?: TunnelConnector; timeoutMs?: number }
}

export interface ServeHandle {
  /** The webhook URL of the workspace running at start. */
  webhookUrl: string
  dashboardUrl: string
  apiUrl: string
  apiToken: string
  dataDir: string
  demo: boolean
  demoRestUrl: string | null
  readonly controller: WorkspaceController
  /** The running workspace's monitor (changes when the workspace is switched). */
  readonly monitor: ReportingMonitor
  close(): Promise<void>
}

export const DEFAULT_WEBHOOK_PORT = 8790
export const DEFAULT_DASHBOARD_PORT = 8791

/** What `serve` was given decides the mode; nothing at all is a first run (the demo, with the choice offered). */
export function initialConfig(options: ServeOptions): WorkspaceConfig {
  const configured =
    options.live === true ||
    options.signingSecret !== null ||
    (options.fastpix ?? null) !== null ||
    (options.publicUrl ?? null) !== null
  return {
    mode: configured ? 'live' : null,
    accessTokenId: options.fastpix?.accessTokenId ?? null,
    secretKey: options.fastpix?.secretKey ?? null,
    signingSecret: options.signingSecret,
    publicUrl: options.publicUrl ?? null,
  }
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const log = options.logger ?? silentLogger
  if (options.apiToken !== undefined && options.apiToken.length < 24)
    throw new Error('the dashboard API token must be at least 24 characters long')
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const controller = await startWorkspaceController({
    dataDir: options.dataDir,
    store: memoryConfigFile(initialConfig(options)),
    ...(options.demo ? { forceMode: 'demo' as const } : options.live ? { forceMode: 'live' as const } : {}),
    webhookPort: options.webhookPort,
    demoSeed: options.demoSeed ?? Date.now() & 0x7fffffff,
    demoSpeed: options.demoSpeed ?? 1,
    ...(options.fastpixApiUrl ? { fastpixBaseUrl: options.fastpixApiUrl } : {}),
    ...(options.tunnel?.connector ? { connector: options.tunnel.connector } : {}),
    ...(options.tunnel?.timeoutMs ? { tunnelTimeoutMs: options.tunnel.timeoutMs } : {}),
    reconcile: { ...(options.reconcileIntervalMs ? { intervalMs: options.reconcileIntervalMs } : {}) },
    logger: log,
    async monitorOptions(dir) {
      await mkdir(dir, { recursive: true })
      const loaded = await loadSettings(dir)
      if (loaded.warning) log.warn(loaded.warning)
      const notifications = await loadNotifications(dir)
      if (notifications.warning) log.warn(notifications.warning)
      return {
        settings: loaded.settings,
        onSettingsChanged: (s) => saveSettings(dir, s),
        notifications: {
          ...(notifications.saved ? { saved: notifications.saved } : {}),
          onSaved: (saved) => saveNotifications(dir, saved),
        },
      }
    },
  })
  // Stops the dashboard first, then the workspace (its receiver, then flush and close the store).
  const shutdown = createShutdown({ log, capMs: options.shutdownCapMs ?? 5000, pastCap: 'exiting anyway' })
  shutdown.add('the workspace', () => controller.stop())
  try {
    const apiToken = options.apiToken ?? randomBytes(24).toString('base64url')
    const exposure = options.exposure ?? {
      listen: DEFAULT_LISTEN,
      publicHosts: [],
      tls: null,
      trustProxy: false,
    }
    const dashboard = await buildDashboardApp({
      api: controller.api,
      token: apiToken,
      staticDir: options.staticDir,
      dataDir: options.dataDir,
      warn: (message) => log.warn(message),
      publicHosts: exposure.publicHosts,
      tls: exposure.tls,
      trustProxy: exposure.trustProxy,
    })
    await dashboard.listen({ host: exposure.listen, port: options.port })
    shutdown.add('the dashboard', () => dashboard.close())
    for (const line of listenWarnings(exposure)) log.warn(line)
    const address = dashboard.server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    // The URL this machine opens: the bound address, or loopback when bound to every interface.
    const reach = isWildcard(exposure.listen) ? DEFAULT_LISTEN : exposure.listen
    const apiUrl = `${exposure.tls ? 'https' : 'http'}://${urlHost(reach)}:${port}`
    const session = controller.session()
    if (session.mode === 'live' && !options.signingSecret) {
      log.warn(
        'FASTPIX_WEBHOOK_SECRET is not set: deliveries are held unverified until a signing secret is configured',
      )
    }
    log.info(`dashboard on ${apiUrl}/ (data in ${options.dataDir})`)

    return {
      webhookUrl: session.localWebhookUrl,
      dashboardUrl: `${apiUrl}/?token=${apiToken}`,
      apiUrl,
      apiToken,
      dataDir: workspaceDir(options.dataDir, session.mode),
      demo: session.mode === 'demo',
      demoRestUrl: session.demo?.restUrl ?? null,
      controller,
      get monitor() {
        return controller.session().monitor
      },
      async close() {
        await shutdown.run()
      },
    }
  } catch (error) {
    await shutdown.run()
    throw error
  }
}

export function defaultStaticDir(): string {
  return join(import.meta.dirname, '../../../out/renderer')
}
