// The monitor core as the desktop app hosts it: the same workspace controller `serve`
// runs (monitor, webhook listener, demo or the real workspace's tunnel and reconciler)
// minus the dashboard listener — the window talks to it over IPC instead. Plain Node.
import type { MonitorApi, MonitorSettings } from '../../shared/api.ts'
import type { Logger } from '../core/logger.ts'
import type { MonitorOptions } from '../core/monitor/index.ts'
import type { ConfigFile } from '../core/workspace/config.ts'
import { startWorkspaceController, type WorkspaceController } from '../core/workspace/controller.ts'

export interface DesktopCoreOptions {
  /** app.getPath('userData'); workspaces live under it exactly as with `serve`. */
  dataDir: string
  /** The connection choice and settings (settings file + safeStorage). */
  store: ConfigFile
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
  readonly api: MonitorApi
  readonly controller: WorkspaceController
  /** Back from sleep: retry the tunnel, reconcile. */
  resume(): void
  /** The running workspace, then flush and close its store. */
  stop(): Promise<void>
}

export async function startDesktopCore(options: DesktopCoreOptions): Promise<DesktopCore> {
  // One set of settings for both workspaces: a switch starts the next one with what was
  // last saved, not with what the app started with.
  let settings = options.settings
  let saved = options.notifications?.saved
  const notifications = options.notifications
  const controller = await startWorkspaceController({
    dataDir: options.dataDir,
    store: options.store,
    webhookPort: options.webhookPort,
    demoWebhookPort: 0,
    demoSeed: options.demoSeed ?? Date.now() & 0x7fffffff,
    logger: options.log,
    monitorOptions: async () => ({
      settings,
      async onSettingsChanged(next) {
        await options.onSettingsChanged(next)
        settings = next
      },
      ...(notifications
        ? {
            notifications: {
              ...notifications,
              ...(saved ? { saved } : {}),
              async onSaved(next) {
                saved = next
                await notifications.onSaved?.(next)
              },
            },
          }
        : {}),
    }),
  })
  return {
    api: controller.api,
    controller,
    resume: () => controller.resume(),
    stop: () => controller.stop(),
  }
}
