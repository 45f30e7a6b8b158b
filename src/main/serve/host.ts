// The headless host: monitor core + webhook listener + dashboard listener
// (+ the demo workspace). The CLI and the integration tests both start it here.
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
import { type DemoHandle, startDemo } from '../core/demo/embedded.ts'
import type { Logger } from '../core/logger.ts'
import { silentLogger } from '../core/logger.ts'
import { createMonitor, type Monitor } from '../core/monitor.ts'
import { buildWebhookApp, startWebhookListener } from '../core/receiver/webhook-app.ts'
import { buildDashboardApp } from './dashboard-app.ts'

export interface ServeOptions {
  dataDir: string
  demo: boolean
  /** 0 = ephemeral. */
  webhookPort: number
  /** Dashboard/API port; 0 = ephemeral. */
  port: number
  /** Base64 signing secret (real workspace); ignored with demo, which makes its own. */
  signingSecret: string | null
  demoSpeed?: number
  demoSeed?: number
  staticDir?: string | null
  logger?: Logger
  /** Upper bound for a graceful stop (ms). */
  shutdownCapMs?: number
}

export interface ServeHandle {
  webhookUrl: string
  dashboardUrl: string
  apiUrl: string
  apiToken: string
  dataDir: string
  demo: boolean
  demoRestUrl: string | null
  monitor: Monitor
  close(): Promise<void>
}

export const DEFAULT_WEBHOOK_PORT = 8790
export const DEFAULT_DASHBOARD_PORT = 8791

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const log = options.logger ?? silentLogger
  const dir = workspaceDir(options.dataDir, options.demo ? 'demo' : 'live')
  await mkdir(dir, { recursive: true })
  const loaded = await loadSettings(dir)
  if (loaded.warning) log.warn(loaded.warning)
  const notifications = await loadNotifications(dir)
  if (notifications.warning) log.warn(notifications.warning)

  const seed = options.demoSeed ?? Date.now() & 0x7fffffff
  const demoSecret = options.demo ? randomBytes(32).toString('base64') : null
  const speed = options.demoSpeed ?? 1
  // A faster demo stamps events on its own accelerated clock; health is judged on that clock.
  let clock: () => number = Date.now
  const monitor = await createMonitor({
    now: () => clock(),
    clockSpeed: options.demo ? speed : 1,
    dir,
    signingSecret: demoSecret ?? options.signingSecret,
    settings: loaded.settings,
    onSettingsChanged: (s) => saveSettings(dir, s),
    notifications: {
      ...(notifications.saved ? { saved: notifications.saved } : {}),
      onSaved: (saved) => saveNotifications(dir, saved),
    },
    demo: options.demo,
    logger: log,
  })
  const stops: (() => Promise<void>)[] = [() => monitor.close()]
  try {
    const webhook = await startWebhookListener(
      buildWebhookApp({ intake: monitor.intake, now: () => clock() }),
      {
        port: options.webhookPort,
      },
    )
    stops.unshift(() => webhook.close())
    const webhookUrl = `${webhook.url}/webhooks/fastpix`
    monitor.setWebhookUrl(webhookUrl)

    const apiToken = randomBytes(24).toString('base64url')
    const dashboard = await buildDashboardApp({
      api: monitor.api,
      token: apiToken,
      staticDir: options.staticDir,
    })
    await dashboard.listen({ host: '127.0.0.1', port: options.port })
    stops.unshift(() => dashboard.close())
    const address = dashboard.server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    const apiUrl = `http://127.0.0.1:${port}`

    let demo: DemoHandle | null = null
    if (options.demo && demoSecret) {
      const started = await startDemo({ webhookUrl, signingSecret: demoSecret, seed, speed, logger: log })
      demo = started
      if (speed !== 1) clock = () => Math.floor(started.simulator.now())
      stops.unshift(() => started.stop())
    }
    if (!options.demo && !options.signingSecret) {
      log.warn(
        'FASTPIX_WEBHOOK_SECRET is not set: deliveries are held unverified until a signing secret is configured',
      )
    }
    log.info(`webhook receiver on ${webhookUrl}`)
    log.info(`dashboard on ${apiUrl}/ (data in ${dir})`)

    let closing: Promise<void> | null = null
    return {
      webhookUrl,
      dashboardUrl: `${apiUrl}/?token=${apiToken}`,
      apiUrl,
      apiToken,
      dataDir: dir,
      demo: options.demo,
      demoRestUrl: demo?.restUrl ?? null,
      monitor,
      close() {
        closing ??= stopAll(stops, options.shutdownCapMs ?? 5000, log)
        return closing
      },
    }
  } catch (error) {
    await stopAll(stops, options.shutdownCapMs ?? 5000, log)
    throw error
  }
}

/** Stops in order (demo, dashboard, receiver, then flush and close the store), with a time cap. */
async function stopAll(stops: (() => Promise<void>)[], capMs: number, log: Logger): Promise<void> {
  const run = (async () => {
    for (const stop of stops) {
      try {
        await stop()
      } catch (error) {
        log.error(`shutdown step failed: ${(error as Error).message}`)
      }
    }
  })()
  let timer: NodeJS.Timeout | undefined
  const cap = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), capMs)
  })
  const result = await Promise.race([run.then(() => 'done' as const), cap])
  clearTimeout(timer)
  if (result === 'timeout') log.warn(`shutdown took longer than ${capMs} ms; exiting anyway`)
}

export function defaultStaticDir(): string {
  return join(import.meta.dirname, '../../../out/renderer')
}
