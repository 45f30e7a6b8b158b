// Start services in a fixed order; stop them in reverse, each step guarded, the
// whole stop capped in time (a hung listener must not keep the app from quitting).
import type { Logger } from '../core/logger.ts'

export interface Service {
  stop(): Promise<void> | void
}

export interface Lifecycle {
  /** Starts one service; remembers its stop. A failing start stops everything started before it. */
  start<T extends Service>(name: string, start: () => Promise<T> | T): Promise<T>
  /** Stops in reverse start order within `capMs`; resolves 'done' or 'timeout'. Idempotent. */
  stop(): Promise<'done' | 'timeout'>
  names(): string[]
}

export function createLifecycle(log: Logger, capMs = 5000): Lifecycle {
  const started: { name: string; service: Service }[] = []
  let stopping: Promise<'done' | 'timeout'> | null = null

  async function stopAll(): Promise<void> {
    for (const { name, service } of started.splice(0).reverse()) {
      try {
        await service.stop()
      } catch (error) {
        log.error(`stopping ${name} failed: ${(error as Error).message}`)
      }
    }
  }

  function stop(): Promise<'done' | 'timeout'> {
    stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined
      const cap = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), capMs)
      })
      const result = await Promise.race([stopAll().then(() => 'done' as const), cap])
      clearTimeout(timer)
      if (result === 'timeout') log.warn(`shutdown took longer than ${capMs} ms; quitting anyway`)
      return result
    })()
    return stopping
  }

  return {
    async start(name, start) {
      if (stopping) throw new Error(`cannot start ${name}: shutting down`)
      try {
        const service = await start()
        started.push({ name, service })
        return service
      } catch (error) {
        log.error(`${name} failed to start: ${(error as Error).message}`)
        await stop()
        throw error
      }
    },
    stop,
    names: () => started.map((s) => s.name),
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
