// The monitor core as the desktop app hosts it: the same pieces `serve` composes
// (monitor, webhook listener, embedded demo) minus the dashboard listener — the
// window talks to the core over IPC instead. Plain Node: no Electron import.
import { randomBytes } from 'node:crypto'
import type { MonitorSettings } from '../../shared/api.ts'
import { workspaceDir } from '../core/config/paths.ts'
import { type DemoHandle, startDemo } from '../core/demo/embedded.ts'
import type { Logger } from '../core/logger.ts'
import { createMonitor, type Monitor, type MonitorOptions } from '../core/monitor.ts'
import { buildWebhookApp, startWebhookListener } from '../core/receiver/webhook-app.ts'

export interface DesktopCoreOptions {
  /** app.getPath('userData'); workspaces live under it exactly as with `serve`. */
  dataDir: string
  /** No account configured: run the built-in demo workspace. */
  demo: boolean
  /** Base64 signing secret of a real workspace (from safeStorage), or null to hold deliveries. */
  signingSecret: string | null
  settings: MonitorSettings
  onSettingsChanged(settings: MonitorSettings): Promise<void> | void
  /** Notification rules, pause and mutes from the settings file, and how to save them. */
  notifications?: MonitorOptions['notifications']
  /** Real workspace only; the demo takes any free port. */
  webhookPort: number
  log: Logger
  demoSeed?: number
}

export interface DesktopCore {
  readonly monitor: Monitor
  readonly webhookUrl: string
  readonly demo: boolean
  readonly dataDir: string
  /** Demo, listener, then flush and close the store. */
  stop(): Promise<void>
}

export async function startDesktopCore(options: DesktopCoreOptions): Promise<DesktopCore> {
  const { log } = options
  const dir = workspaceDir(options.dataDir, options.demo ? 'demo' : 'live')
  const demoSecret = options.demo ? randomBytes(32).toString('base64') : null
  const monitor = await createMonitor({
    dir,
    signingSecret: demoSecret ?? options.signingSecret,
    settings: options.settings,
    onSettingsChanged: options.onSettingsChanged,
    notifications: options.notifications,
    demo: options.demo,
    logger: log,
  })
  const stops: (() => Promise<void>)[] = [() => monitor.close()]
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0)) {
      try {
        await stop()
      } catch (error) {
        log.error(`core shutdown step failed: ${(error as Error).message}`)
      }
    }
  }
  try {
    const listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake }), {
      port: options.demo ? 0 : options.webhookPort,
    })
    stops.unshift(() => listener.close())
    const webhookUrl = `${listener.url}/webhooks/fastpix`
    monitor.setWebhookUrl(webhookUrl)
    if (demoSecret) {
      const demo: DemoHandle = await startDemo({
        webhookUrl,
        signingSecret: demoSecret,
        seed: options.demoSeed ?? Date.now() & 0x7fffffff,
        logger: log,
      })
      stops.unshift(() => demo.stop())
    } else if (!options.signingSecret) {
      log.warn('no webhook signing secret yet: deliveries are held unverified until one is set')
    }
    log.info(`webhook receiver on ${webhookUrl} (data in ${dir})`)
    return { monitor, webhookUrl, demo: options.demo, dataDir: dir, stop: stopAll }
  } catch (error) {
    await stopAll()
    throw error
  }
}
