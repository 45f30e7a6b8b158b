// One running workspace: its monitor (own folder), webhook listener, and either the
// built-in demo (simulator + fake REST) or the real workspace's tunnel and FastPix
// client; both get a reconciler (the demo's runs against its fake REST API).
// Stopping closes everything in reverse order.
import { randomBytes } from 'node:crypto'
import type { WorkspaceMode } from '../../../shared/workspace.ts'
import { privateWorkspaceDir } from '../config/paths.ts'
import { type DemoHandle, startDemo } from '../demo/embedded.ts'
import { demoSchedules } from '../demo/schedules.ts'
import { createFastPixClient, type FastPixClient, type FastPixClientOptions } from '../fastpix/client.ts'
import type { Logger } from '../logger.ts'
import { type MonitorOptions, openMonitor, type ReportingMonitor } from '../monitor/index.ts'
import { buildWebhookApp, startWebhookListener, WEBHOOK_PATH } from '../receiver/webhook-app.ts'
import { createReconciler, type Reconciler } from '../reconcile/reconciler.ts'
import { createShutdown } from '../shutdown.ts'
import { createNgrokConnector } from '../tunnel/ngrok-connector.ts'
import { createTunnel, type Tunnel } from '../tunnel/tunnel.ts'
import type { TunnelConnector } from '../tunnel/types.ts'
import type { UpdateBus, UpdateSink } from '../updates/bus.ts'
import type { WorkspaceConfig } from './config.ts'
import { type CallReport, reportingClient } from './credentials.ts'

export interface SessionOptions {
  mode: WorkspaceMode
  dataDir: string
  config: WorkspaceConfig
  /** Settings, notifications and anything else the host gives the monitor of this workspace folder. */
  monitorOptions(dir: string): Promise<Partial<MonitorOptions>>
  /** 0 = any free port. */
  webhookPort: number
  /** The demo's port when it should differ (the desktop app: any free one). */
  demoWebhookPort?: number
  demoSeed?: number
  demoSpeed?: number
  fastpixBaseUrl?: string
  /** Timeouts and retries of FastPix calls (tests shorten them). */
  fastpixClient?: Pick<FastPixClientOptions, 'timeoutMs' | 'retry'>
  connector?: TunnelConnector
  tunnelTimeoutMs?: number
  reconcile?: { intervalMs?: number; viewersIntervalMs?: number }
  /** Where the monitor reports its changes, and the batches published from them (the controller's bus). */
  updates: UpdateSink & Pick<UpdateBus, 'subscribe'>
  /** Tunnel or reconciler status changed. */
  onChange(): void
  /** How each call of the real workspace's FastPix client ended (not the demo's); silent once stopping. */
  onFastPixCall?: CallReport
  logger: Logger
}

export interface Session {
  readonly mode: WorkspaceMode
  readonly monitor: ReportingMonitor
  /** http://127.0.0.1:<port>/webhooks/fastpix */
  readonly localWebhookUrl: string
  readonly demo: DemoHandle | null
  readonly tunnel: Tunnel | null
  readonly reconciler: Reconciler | null
  readonly client: FastPixClient | null
  /** The clock health is judged on (the demo's own when it runs faster). */
  readonly now: () => number
  /** Public origin FastPix posts to (tunnel or own URL); null in the demo or while the tunnel is down. */
  publicOrigin(): string | null
  stop(): Promise<void>
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const { config, logger: log } = options
  const demoMode = options.mode === 'demo'
  const dir = privateWorkspaceDir(options.dataDir, options.mode)
  const demoSecret = demoMode ? randomBytes(32).toString('base64') : null
  const speed = demoMode ? (options.demoSpeed ?? 1) : 1
  let clock: () => number = Date.now
  const now = (): number => clock()
  const extra = await options.monitorOptions(dir)
  const monitor = await openMonitor(
    {
      ...extra,
      dir,
      now,
      clockSpeed: speed,
      demo: demoMode,
      signingSecret: demoSecret ?? config.signingSecret,
      logger: log,
    },
    options.updates,
  )
  const shutdown = createShutdown({ log })
  shutdown.add('the monitor', () => monitor.close())
  let stopping = false
  const stop = async (): Promise<void> => {
    stopping = true
    await shutdown.run()
  }
  try {
    const listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake, now }), {
      port: demoMode ? (options.demoWebhookPort ?? options.webhookPort) : options.webhookPort,
    })
    shutdown.add('the webhook listener', () => listener.close())
    const localWebhookUrl = `${listener.url}${WEBHOOK_PATH}`
    monitor.setWebhookUrl(localWebhookUrl)

    let demo: DemoHandle | null = null
    let client: FastPixClient | null = null
    let tunnel: Tunnel | null = null
    if (demoSecret) {
      const started = await startDemo({
        webhookUrl: localWebhookUrl,
        signingSecret: demoSecret,
        seed: options.demoSeed ?? Date.now() & 0x7fffffff,
        speed,
        logger: log,
      })
      demo = started
      shutdown.add('the demo', () => started.stop())
      if (speed !== 1) clock = () => Math.floor(started.simulator.now())
      // One demo stream is expected live at a time it misses (the watchdog's late stream).
      monitor.presetSchedules(demoSchedules(started.simulator.plan))
      client = createFastPixClient({
        baseUrl: started.restUrl,
        accessTokenId: started.accessTokenId,
        secretKey: started.secretKey,
        timeoutMs: 5000,
        logger: log,
      })
    } else {
      if (config.accessTokenId && config.secretKey) {
        const report = options.onFastPixCall
        const plain = createFastPixClient({
          ...(options.fastpixBaseUrl ? { baseUrl: options.fastpixBaseUrl } : {}),
          accessTokenId: config.accessTokenId,
          secretKey: config.secretKey,
          ...options.fastpixClient,
          logger: log,
        })
        // A call still in flight when the session stops used credentials that may be gone.
        client = report
          ? reportingClient(plain, {
              begin: () => report.begin(),
              end: (call, error, begun) => {
                if (!stopping) report.end(call, error, begun)
              },
            })
          : plain
      }
      if (config.publicUrl?.mode === 'ngrok') {
        tunnel = createTunnel({
          connector: options.connector ?? createNgrokConnector({ logger: log }),
          upstreamPort: listener.port,
          authtoken: config.publicUrl.authtoken,
          ...(config.publicUrl.domain ? { domain: config.publicUrl.domain } : {}),
          ...(options.tunnelTimeoutMs ? { connectTimeoutMs: options.tunnelTimeoutMs } : {}),
          logger: log,
        })
        shutdown.add('the tunnel', () => tunnel?.stop())
      }
      if (!config.signingSecret) {
        log.warn('no webhook signing secret yet: deliveries are held unverified until one is set')
      }
    }

    const reconciler = client
      ? createReconciler({
          client,
          // Transitions come back in the published batches.
          monitor: { ...monitor, api: { onUpdate: options.updates.subscribe } },
          now,
          logger: log,
          // An accelerated demo reads its viewers every 30 s of demo time (the chart's samples).
          ...(speed !== 1 ? { viewersIntervalMs: Math.max(1000, Math.round(30_000 / speed)) } : {}),
          ...options.reconcile,
          onStatus: () => options.onChange(),
        })
      : null
    if (reconciler) shutdown.add('the reconciler', () => reconciler.stop())

    const publicOrigin = (): string | null => {
      if (config.publicUrl?.mode === 'own' && !demoMode) return config.publicUrl.url
      return tunnel?.status().url ?? null
    }
    if (tunnel) {
      let wasOnline = false
      // Lost = a reconnect failed (a blip that reconnects at once is not news); restored after that.
      let lost = false
      tunnel.onStatus((s) => {
        const online = s.state === 'online'
        if (online && s.url) monitor.setWebhookUrl(`${s.url}${WEBHOOK_PATH}`)
        // Deliveries may have been missed while the tunnel was down: look again.
        if (online && !wasOnline && reconciler) void reconciler.run('tunnel back')
        if ((s.state === 'offline' || s.state === 'error') && !lost) {
          lost = true
          monitor.tunnelChanged(false, s.error ?? s.state)
        } else if (online && lost) {
          lost = false
          monitor.tunnelChanged(true, s.url ?? 'its public URL')
        }
        wasOnline = online
        options.onChange()
      })
      tunnel.start()
    }
    const own = publicOrigin()
    if (own) monitor.setWebhookUrl(`${own}${WEBHOOK_PATH}`)
    reconciler?.start()
    log.info(`${options.mode} workspace: webhook receiver on ${localWebhookUrl} (data in ${dir})`)
    return {
      mode: options.mode,
      monitor,
      localWebhookUrl,
      demo,
      tunnel,
      reconciler,
      client,
      now,
      publicOrigin,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
