// Start services in a fixed order; stop them in reverse, each step guarded, the
// whole stop capped in time (a hung listener must not keep the app from quitting).
import type { Logger } from '../core/logger.ts'
import { createShutdown, type ShutdownResult } from '../core/shutdown.ts'

export interface Service {
  stop(): Promise<void> | void
}

export interface Lifecycle {
  /** Starts one service; remembers its stop. A failing start stops everything started before it. */
  start<T extends Service>(name: string, start: () => Promise<T> | T): Promise<T>
  /** Stops in reverse start order within `capMs`; resolves 'done' or 'timeout'. Idempotent. */
  stop(): Promise<ShutdownResult>
  names(): string[]
}

export function createLifecycle(log: Logger, capMs = 5000): Lifecycle {
  const names: string[] = []
  const shutdown = createShutdown({ log, capMs, pastCap: 'quitting anyway' })

  return {
    async start(name, start) {
      if (shutdown.running()) throw new Error(`cannot start ${name}: shutting down`)
      try {
        const service = await start()
        shutdown.add(name, () => service.stop())
        names.push(name)
        return service
      } catch (error) {
        log.error(`${name} failed to start: ${(error as Error).message}`)
        await shutdown.run()
        throw error
      }
    },
    stop: () => shutdown.run(),
    names: () => [...names],
  }
}

/** The signals that end the app the way its Quit does (T6: also a closed terminal's SIGHUP). */
export const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Quits on each of QUIT_SIGNALS (a signal's default action would skip the graceful stop). */
export function quitOnSignals(
  target: { on(signal: (typeof QUIT_SIGNALS)[number], listener: () => void): unknown },
  quit: () => void,
): void {
  for (const signal of QUIT_SIGNALS) target.on(signal, quit)
}
