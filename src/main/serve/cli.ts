// `npm run serve -- [--demo] [--data-dir DIR] [--webhook-port N] [--port N] [--listen ADDRESS …]`
// stdout: exactly one JSON line once both listeners are up. Logs: stderr, never
// with the API token; the link with the token goes to stderr only when it is a terminal.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../core/config/paths.ts'
import { createLogger, type LogLevel } from '../core/logger.ts'
import { terminalLine, withoutSecret } from './announce.ts'
import { DEFAULT_DASHBOARD_PORT, DEFAULT_WEBHOOK_PORT, defaultStaticDir, startServe } from './host.ts'
import { listenSettings, liveSettings, secretFromEnv, UsageError, withTrustProxyValue } from './options.ts'

const USAGE = `Usage: npm run serve -- [options]

  --demo               run the built-in demo workspace (its own secret, separate data)
  --live               run the real workspace even before anything is configured
                       (without --demo, --live or any setting below, the dashboard
                       first offers the demo or connecting a workspace)
  --fastpix-token-id ID  FastPix Access Token ID (or FASTPIX_ACCESS_TOKEN_ID)
  --public-url URL     your own https URL that forwards to the webhook receiver
                       (reverse proxy / port forward) instead of ngrok
  --ngrok-domain NAME  ngrok static domain, so the public URL survives restarts
  --fastpix-api-url URL  FastPix REST base URL (default https://api.fastpix.com/v1/)
  --reconcile-every S  read FastPix and correct missed events every S seconds (default 300)
  --data-dir DIR       data folder (default: ${defaultDataDir()})
  --webhook-port N     webhook receiver port on 127.0.0.1 (default ${DEFAULT_WEBHOOK_PORT}; 0 = any free port)
  --port N             dashboard/API port (default ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --listen ADDRESS     bind the dashboard to this IP address instead of 127.0.0.1
                       (0.0.0.0 or :: = every interface; an explicit choice to share it)
  --public-host NAME[:PORT]  a name the crew's browsers use for the dashboard (repeatable;
                       the Host and Origin checks refuse every other; the listen address is accepted)
  --tls-cert FILE      serve the dashboard over https with this PEM certificate…
  --tls-key FILE       …and this PEM private key (both, or neither)
  --trust-proxy [LIST] believe X-Forwarded-For/Proto/Host from a reverse proxy: true (any
                       peer) or a comma-separated list of addresses/CIDRs (like 127.0.0.1)
  --demo-speed X       demo time factor (default 1 = real time)
  --demo-seed N        demo seed (default: random per launch)
  --log-level LEVEL    debug | info | warn | error (default info)
  -h, --help           show this help

Environment (secrets are read only from here, never from flags):
  FASTPIX_WEBHOOK_SECRET       the webhook signing secret exactly as FastPix shows it (Base64)
  FASTPIX_WEBHOOK_SECRET_FILE  or a file holding it
  FASTPIX_ACCESS_TOKEN_ID      the Access Token ID (same as --fastpix-token-id)
  FASTPIX_SECRET_KEY           the Secret Key of that access token
  FASTPIX_SECRET_KEY_FILE      or a file holding it
  NGROK_AUTHTOKEN              ngrok authtoken: expose the receiver through an ngrok tunnel
  NGROK_AUTHTOKEN_FILE         or a file holding it
  FASTPIX_API_URL              same as --fastpix-api-url
  FASTPIX_MONITOR_DATA_DIR     default data folder
  FASTPIX_MONITOR_LISTEN       same as --listen
  FASTPIX_MONITOR_PUBLIC_HOST  same as --public-host (comma-separated)
  FASTPIX_MONITOR_TLS_CERT     same as --tls-cert
  FASTPIX_MONITOR_TLS_KEY      same as --tls-key
  FASTPIX_MONITOR_TRUST_PROXY  same as --trust-proxy
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      live: { type: 'boolean', default: false },
      'fastpix-token-id': { type: 'string' },
      'public-url': { type: 'string' },
      'ngrok-domain': { type: 'string' },
      'fastpix-api-url': { type: 'string' },
      'reconcile-every': { type: 'string' },
      'data-dir': { type: 'string' },
      'webhook-port': { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'public-host': { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'demo-speed': { type: 'string' },
      'demo-seed': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    args: withTrustProxyValue(process.argv.slice(2)),
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const level = (values['log-level'] ?? 'info') as LogLevel
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`unknown --log-level "${level}"`)
  const apiToken = randomBytes(24).toString('base64url')
  const logger = createLogger(
    withoutSecret((line) => process.stderr.write(line), apiToken),
    level,
  )
  const seed = positive(values['demo-seed'], '--demo-seed')
  if (values.demo && values.live) throw new Error('--demo and --live exclude each other')
  const live = liveSettings(values, process.env)
  const exposure = listenSettings(values, process.env)
  const reconcileSec = positive(values['reconcile-every'], '--reconcile-every')
  const apiUrl = values['fastpix-api-url'] ?? process.env.FASTPIX_API_URL

  const handle = await startServe({
    demo: values.demo ?? false,
    dataDir: values['data-dir'] ?? defaultDataDir(),
    webhookPort: port(values['webhook-port'], DEFAULT_WEBHOOK_PORT, '--webhook-port'),
    port: port(values.port, DEFAULT_DASHBOARD_PORT, '--port'),
    live: values.live ?? false,
    signingSecret: values.demo ? null : secretFromEnv(process.env, 'FASTPIX_WEBHOOK_SECRET'),
    ...live,
    ...(apiUrl ? { fastpixApiUrl: apiUrl } : {}),
    ...(reconcileSec ? { reconcileIntervalMs: Math.round(reconcileSec * 1000) } : {}),
    demoSpeed: positive(values['demo-speed'], '--demo-speed'),
    demoSeed: seed === undefined ? undefined : Math.floor(seed),
    staticDir: defaultStaticDir(),
    exposure,
    apiToken,
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
  const human = terminalLine(handle.dashboardUrl, process.stderr.isTTY === true)
  if (human) process.stderr.write(human)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: stopping`)
    void handle.close().then(() => process.exit(0))
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal))
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException
  const message =
    err.code === 'EADDRINUSE'
      ? `a port is already in use (${err.message}); pick another with --webhook-port / --port, or 0 for any free port`
      : err.message
  process.stderr.write(`serve: ${message}\n`)
  // A flag that does not fit is a usage error (2); anything else failed while running (1).
  process.exit(err instanceof UsageError ? 2 : 1)
})
