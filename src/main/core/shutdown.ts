// Stopping things in order, the one way the desktop app, `serve` and a workspace session
// do it: newest step first, each after the one before has settled, a failed step logged
// without stopping the rest, optionally capped in time (a hung listener must not keep the
// process from exiting). Running it again returns the same promise.
import type { Logger } from './logger.ts'

export type ShutdownResult = 'done' | 'timeout'

export interface ShutdownOptions {
  log: Pick<Logger, 'error' | 'warn'>
  /** Past this, `run` resolves 'timeout' and the steps still running are left behind; no cap when absent. */
  capMs?: number
  /** What the host does past the cap, for the log ("quitting anyway"). */
  pastCap?: string
}

export interface Shutdown {
  /**
   * Adds a step that runs before every step added earlier (things stop in the reverse of
   * the order they started in). Added once the shutdown runs, it runs at once.
   */
  add(name: string, step: () => Promise<void> | void): void
  run(): Promise<ShutdownResult>
  /** Whether `run` was called. */
  running(): boolean
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { log } = options
  const steps: { name: string; step: () => Promise<void> | void }[] = []
  let started = false
  let result: Promise<ShutdownResult> | null = null

  async function attempt(name: string, step: () => Promise<void> | void): Promise<void> {
    try {
      await step()
    } catch (error) {
      log.error(`stopping ${name} failed: ${(error as Error).message}`)
    }
  }

  async function all(): Promise<void> {
    for (const { name, step } of steps.splice(0).reverse()) await attempt(name, step)
  }

  async function capped(work: Promise<void>, capMs: number): Promise<ShutdownResult> {
    let timer: NodeJS.Timeout | undefined
    const cap = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), capMs)
    })
    const outcome = await Promise.race([work.then(() => 'done' as const), cap])
    clearTimeout(timer)
    if (outcome === 'timeout')
      log.warn(`shutdown took longer than ${capMs} ms; ${options.pastCap ?? 'going on anyway'}`)
    return outcome
  }

  return {
    add(name, step) {
      if (started) void attempt(name, step)
      else steps.push({ name, step })
    },
    run() {
      if (result === null) {
        started = true
        const work = all()
        result = options.capMs === undefined ? work.then(() => 'done') : capped(work, options.capMs)
      }
      return result
    },
    running: () => started,
  }
}
