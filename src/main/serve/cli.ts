// `npm run serve -- [--demo] [--data-dir DIR] [--webhook-port N] [--port N]`
// stdout: exactly one JSON line once both listeners are up. Logs: stderr.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../core/config/paths.ts'
import { createLogger, type LogLevel } from '../core/logger.ts'
import { DEFAULT_DASHBOARD_PORT, DEFAULT_WEBHOOK_PORT, defaultStaticDir, startServe } from './host.ts'

const USAGE = `Usage: npm run serve -- [options]

  --demo               run the built-in demo workspace (its own secret, separate data)
  --data-dir DIR       data folder (default: ${defaultDataDir()})
  --webhook-port N     webhook receiver port on 127.0.0.1 (default ${DEFAULT_WEBHOOK_PORT}; 0 = any free port)
  --port N             dashboard/API port on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --demo-speed X       demo time factor (default 1 = real time)
  --demo-seed N        demo seed (default: random per launch)
  --log-level LEVEL    debug | info | warn | error (default info)
  -h, --help           show this help

Environment:
  FASTPIX_WEBHOOK_SECRET       the webhook signing secret exactly as FastPix shows it (Base64)
  FASTPIX_WEBHOOK_SECRET_FILE  or a file holding it
  FASTPIX_MONITOR_DATA_DIR     default data folder
`

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number (0–65535), got "${value}"`)
  return n
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`)
  return n
}

function signingSecretFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.FASTPIX_WEBHOOK_SECRET?.trim()) return env.FASTPIX_WEBHOOK_SECRET.trim()
  if (env.FASTPIX_WEBHOOK_SECRET_FILE)
    return readFileSync(env.FASTPIX_WEBHOOK_SECRET_FILE, 'utf8').trim() || null
  return null
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'webhook-port': { type: 'string' },
      port: { type: 'string' },
      'demo-speed': { type: 'string' },
      'demo-seed': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const level = (values['log-level'] ?? 'info') as LogLevel
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`unknown --log-level "${level}"`)
  const logger = createLogger(undefined, level)
  const seed = positive(values['demo-seed'], '--demo-seed')

  const handle = await startServe({
    demo: values.demo ?? false,
    dataDir: values['data-dir'] ?? defaultDataDir(),
    webhookPort: port(values['webhook-port'], DEFAULT_WEBHOOK_PORT, '--webhook-port'),
    port: port(values.port, DEFAULT_DASHBOARD_PORT, '--port'),
    signingSecret: values.demo ? null : signingSecretFromEnv(process.env),
    demoSpeed: positive(values['demo-speed'], '--demo-speed'),
    demoSeed: seed === undefined ? undefined : Math.floor(seed),
    staticDir: defaultStaticDir(),
    logger,
  })
  process.stdout.write(
    `${JSON.stringify({
      webhookUrl: handle.webhookUrl,
      dashboardUrl: handle.dashboardUrl,
      apiUrl: handle.apiUrl,
      apiToken: handle.apiToken,
      dataDir: handle.dataDir,
      demo: handle.demo,
      demoRestUrl: handle.demoRestUrl,
    })}\n`,
  )

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: stopping`)
    void handle.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException
  const message =
    err.code === 'EADDRINUSE'
      ? `a port is already in use (${err.message}); pick another with --webhook-port / --port, or 0 for any free port`
      : err.message
  process.stderr.write(`serve: ${message}\n`)
  process.exit(1)
})
