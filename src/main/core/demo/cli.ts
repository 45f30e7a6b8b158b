// `npm run demo -- --webhook-url URL [--seed N] [--speed X] [--rest-port N] [--streams N]`
// Runs the fake FastPix on its own: signed webhooks to URL + the REST subset on 127.0.0.1.
// stdout: one JSON line { restUrl, accessTokenId, secretKey, signingSecret }; logs go to stderr.
import { parseArgs } from 'node:util'
import { createLogger } from '../logger.ts'
import { decodeSigningSecret } from '../receiver/signature.ts'
import { startDemo } from './embedded.ts'
import { generateDemoSecret } from './simulator.ts'

const USAGE = `usage: npm run demo -- --webhook-url URL [--seed N] [--speed X] [--rest-port N] [--streams N]
  signing secret: FASTPIX_WEBHOOK_SECRET (Base64), or a new one is generated and printed to stderr`

function number(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'webhook-url': { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'rest-port': { type: 'string' },
      streams: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || !values['webhook-url']) {
    process.stderr.write(`${USAGE}\n`)
    process.exitCode = values.help ? 0 : 2
    return
  }
  const webhookUrl = new URL(values['webhook-url']).toString()
  const seed = number(values.seed, '--seed', 0)
  const speed = number(values.speed, '--speed', Number.MIN_VALUE)
  const restPort = number(values['rest-port'], '--rest-port', 0)
  const streams = number(values.streams, '--streams', 1)

  let signingSecret = process.env.FASTPIX_WEBHOOK_SECRET?.trim() ?? ''
  if (signingSecret !== '' && !decodeSigningSecret(signingSecret)) {
    throw new Error('FASTPIX_WEBHOOK_SECRET is not a Base64 string')
  }
  if (signingSecret === '') {
    signingSecret = generateDemoSecret()
    process.stderr.write(`generated webhook signing secret: ${signingSecret}\n`)
  }

  const logger = createLogger()
  // Handlers go in before anything is printed: a caller may signal as soon as it reads the line.
  let stop: (() => Promise<void>) | null = null
  let signalled = false
  const shutdown = (signal: string): void => {
    if (signalled) return
    signalled = true
    logger.info(`demo: ${signal}, stopping`)
    setTimeout(() => process.exit(1), 5000).unref()
    stop?.().then(
      () => {
        process.exitCode = 0
      },
      () => {
        process.exitCode = 1
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))

  const demo = await startDemo({
    webhookUrl,
    signingSecret,
    seed: seed === undefined ? undefined : Math.floor(seed),
    speed,
    streams: streams === undefined ? undefined : Math.floor(streams),
    restPort: restPort === undefined ? undefined : Math.floor(restPort),
    logger,
  })
  stop = () => demo.stop()
  if (signalled) {
    await demo.stop()
    return
  }
  const { restUrl, accessTokenId, secretKey } = demo
  process.stdout.write(`${JSON.stringify({ restUrl, accessTokenId, secretKey, signingSecret })}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
  process.exitCode = 2
})
