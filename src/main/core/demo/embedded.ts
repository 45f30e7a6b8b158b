// The whole fake FastPix in one call: webhook simulator + REST API sharing one truth.
// Used by `serve --demo`, the desktop app's demo mode, and the demo CLI.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Logger } from '../logger.ts'
import { type DemoRestFaults, type DemoRestServer, startDemoRest } from './rest.ts'
import { type DemoDeliveryInfo, type DemoSimulator, startDemoSimulator } from './simulator.ts'
import type { DemoWorkspace } from './workspace.ts'

export interface DemoOptions {
  webhookUrl: string
  /** Base64 signing secret the simulator signs with (the monitor must be configured with it). */
  signingSecret: string
  seed?: number
  speed?: number
  streams?: number
  loop?: boolean
  /** REST port on 127.0.0.1 (default ephemeral). */
  restPort?: number
  restFaults?: DemoRestFaults
  logger?: Logger
  onDelivery?: (info: DemoDeliveryInfo) => void
}

export interface DemoHandle {
  /** REST base URL, shaped like `https://api.fastpix.com/v1/`. */
  restUrl: string
  accessTokenId: string
  secretKey: string
  signingSecret: string
  workspace: DemoWorkspace
  simulator: DemoSimulator
  rest: DemoRestServer
  stop(): Promise<void>
}

export async function startDemo(options: DemoOptions): Promise<DemoHandle> {
  const log = options.logger
  const simulator = startDemoSimulator({
    webhookUrl: options.webhookUrl,
    signingSecret: options.signingSecret,
    seed: options.seed,
    speed: options.speed,
    streams: options.streams,
    loop: options.loop,
    onDelivery: (info) => {
      if (info.final && !info.ok) {
        const what = info.delivery.type ?? 'probe'
        log?.warn(`demo: gave up on ${what} after ${info.attempt} attempt(s): ${info.status ?? info.error}`)
      }
      options.onDelivery?.(info)
    },
  })
  const accessTokenId = randomUUID()
  const secretKey = randomBytes(24).toString('base64url')
  let rest: DemoRestServer
  try {
    rest = await startDemoRest({
      state: simulator.workspace,
      accessTokenId,
      secretKey,
      port: options.restPort,
      faults: options.restFaults,
    })
  } catch (error) {
    await simulator.stop()
    throw error
  }
  log?.info(
    `demo workspace: ${simulator.plan.streams.length} streams, speed ×${options.speed ?? 1}, REST on ${rest.url}`,
  )
  let stopping: Promise<void> | null = null
  return {
    restUrl: rest.url,
    accessTokenId,
    secretKey,
    signingSecret: options.signingSecret,
    workspace: simulator.workspace,
    simulator,
    rest,
    stop() {
      stopping ??= Promise.all([simulator.stop(), rest.close()]).then(() => undefined)
      return stopping
    },
  }
}
