// The workspace controller: runs one workspace session at a time (demo or live),
// switches between them, keeps the connection settings, and answers the whole
// MonitorApi — the core's operations go to the running session's monitor, the
// connection operations are its own. Update subscriptions survive a switch.
import type { ConnectionApi, MonitorApi, UpdateBatch } from '../../../shared/api.ts'
import {
  type ConnectionStatus,
  connectInputSchema,
  credentialsInputSchema,
  type FastPixCheck,
  type StreamAction,
  signingSecretSchema,
  streamActionSchema,
  type WorkspaceMode,
} from '../../../shared/connection.ts'
import { RequestError } from '../errors.ts'
import { createFastPixClient, type FastPixClient, FastPixError } from '../fastpix/index.ts'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import type { ConnectionFacts } from '../monitor.ts'
import { WEBHOOK_PATH } from '../receiver/webhook-app.ts'
import { urlChange } from '../tunnel/url-watch.ts'
import type { ConfigStore, ConnectionConfig } from './config.ts'
import { type Session, type SessionOptions, startSession } from './session.ts'

export interface WorkspaceControllerOptions
  extends Omit<SessionOptions, 'mode' | 'config' | 'connection' | 'onChange'> {
  store: ConfigStore
  /** A mode to use now regardless of what is saved (`serve --demo` / `--live`); not saved. */
  forceMode?: WorkspaceMode
  logger: Logger
}

export interface WorkspaceController {
  readonly api: MonitorApi
  session(): Session
  connection(): ConnectionStatus
  /** Back from sleep: retry the tunnel, reconcile. */
  resume(): void
  stop(): Promise<void>
}

const unsetCheck = (): FastPixCheck => ({ state: 'unset', error: null, streams: null, checkedAt: null })

function checkFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export async function startWorkspaceController(
  options: WorkspaceControllerOptions,
): Promise<WorkspaceController> {
  const log = options.logger ?? silentLogger
  let config: ConnectionConfig = await options.store.load()
  let generation = 1
  let check: FastPixCheck = unsetCheck()
  /** FastPix's 403 words once a stream action was refused for lack of write permission. */
  let actionsDenied: string | null = null
  const listeners = new Set<(batch: UpdateBatch) => void>()
  let current: Session
  let unsubscribe: () => void = () => {}
  let switching: Promise<unknown> = Promise.resolve()

  const modeOf = (): WorkspaceMode => options.forceMode ?? config.mode ?? 'demo'

  function status(facts: ConnectionFacts): ConnectionStatus {
    const live = !facts.demo
    const s = current as Session | undefined
    const origin = live ? (s?.publicOrigin() ?? null) : null
    const tunnel = live ? (s?.tunnel?.status() ?? null) : null
    const change = live
      ? urlChange({ publicUrl: origin, lastDeliveryOrigin: facts.lastDeliveryOrigin })
      : null
    const pub = config.publicUrl
    return {
      mode: facts.demo ? 'demo' : 'live',
      generation,
      firstRun: options.forceMode === undefined && config.mode === null,
      persistent: options.store.persistent,
      fastpix: {
        ...(live ? check : unsetCheck()),
        credentialsSet: live && config.accessTokenId !== null && config.secretKey !== null,
        idHint: live && config.accessTokenId ? config.accessTokenId.slice(-4) : null,
      },
      signingSecretSet: facts.signingSecretSet,
      publicUrl: {
        mode: live ? (pub?.mode ?? null) : null,
        url: origin,
        webhookUrl: origin ? `${origin}${WEBHOOK_PATH}` : null,
        ngrokAuthtokenSet: pub?.mode === 'ngrok' && pub.authtoken !== '',
        ngrokDomain: pub?.mode === 'ngrok' ? pub.domain : null,
      },
      tunnel,
      probeReceivedAt: facts.probeReceivedAt,
      heldDeliveries: facts.heldDeliveries,
      urlWarning: change?.message ?? null,
      reconcile: s?.reconciler?.status() ?? { state: 'off', lastAt: null, lastError: null, corrections: 0 },
      actions: { available: (s?.client ?? null) !== null, denied: actionsDenied },
    }
  }

  const connectionChanged = (): void => current?.monitor.connectionChanged()

  async function open(mode: WorkspaceMode): Promise<Session> {
    const session = await startSession({
      ...options,
      mode,
      config,
      connection: status,
      onChange: connectionChanged,
    })
    unsubscribe = session.monitor.api.onUpdate((batch) => {
      for (const listener of listeners) {
        try {
          listener(batch)
        } catch (error) {
          log.error(`update listener failed: ${(error as Error).message}`)
        }
      }
    })
    return session
  }

  /** Stops the running session and starts `mode` (serialised: one switch at a time). */
  function switchTo(mode: WorkspaceMode): Promise<ConnectionStatus> {
    const next = switching.then(async () => {
      unsubscribe()
      await current.stop()
      generation += 1
      current = await open(mode)
      return connection()
    })
    switching = next.catch(() => {})
    return next
  }

  const connection = (): ConnectionStatus => status(current.monitor.connectionFacts())

  async function verify(accessTokenId: string, secretKey: string): Promise<FastPixCheck> {
    const client = createFastPixClient({
      ...(options.fastpixBaseUrl ? { baseUrl: options.fastpixBaseUrl } : {}),
      accessTokenId,
      secretKey,
      timeoutMs: options.fastpixClient?.timeoutMs ?? 10_000,
      retry: options.fastpixClient?.retry ?? { attempts: 2, initialMs: 500 },
    })
    const checkedAt = Date.now()
    try {
      const { streams } = await client.verifyCredentials()
      return { state: 'ok', error: null, streams, checkedAt }
    } catch (error) {
      return { state: 'error', error: checkFailure(error), streams: null, checkedAt }
    }
  }

  async function save(next: ConnectionConfig): Promise<void> {
    await options.store.save(next)
    config = next
  }

  current = await open(modeOf())
  // A real workspace's credentials are checked at start, so the status tells the truth.
  if (modeOf() === 'live' && config.accessTokenId && config.secretKey) {
    check = { ...check, state: 'checking' }
    void verify(config.accessTokenId, config.secretKey).then((result) => {
      check = result
      connectionChanged()
    })
  }

  const connectionApi: ConnectionApi = {
    getConnection: async () => connection(),
    async testCredentials(input) {
      const valid = credentialsInputSchema.parse(input)
      return verify(valid.accessTokenId, valid.secretKey)
    },
    async connectWorkspace(input) {
      const valid = connectInputSchema.parse(input)
      const result = await verify(valid.accessTokenId, valid.secretKey)
      if (result.state !== 'ok')
        throw new RequestError(result.error ?? 'FastPix did not accept these credentials.')
      const publicUrl =
        valid.publicUrl.mode === 'ngrok'
          ? {
              mode: 'ngrok' as const,
              authtoken: valid.publicUrl.authtoken,
              domain: valid.publicUrl.domain ?? null,
            }
          : { mode: 'own' as const, url: valid.publicUrl.url }
      await save({
        ...config,
        mode: 'live',
        accessTokenId: valid.accessTokenId,
        secretKey: valid.secretKey,
        publicUrl,
      })
      check = result
      actionsDenied = null
      log.info('connected a FastPix workspace; switching to it')
      return switchTo('live')
    },
    async setSigningSecret(secret) {
      const valid = signingSecretSchema.parse(secret)
      if (current.mode === 'demo')
        throw new RequestError('The demo workspace signs its own deliveries; connect a workspace first.', 409)
      const result = await current.monitor.setSigningSecret(valid)
      await save({ ...config, signingSecret: valid })
      connectionChanged()
      return result
    },
    async useDemo() {
      await save({ ...config, mode: 'demo' })
      if (current.mode === 'demo') {
        connectionChanged()
        return connection()
      }
      return switchTo('demo')
    },
    async reconcileNow() {
      if (!current.reconciler)
        throw new RequestError('Reconciling needs the Access Token ID and Secret Key of the workspace.', 409)
      return current.reconciler.run('asked')
    },
    async reconnectTunnel() {
      current.tunnel?.reconnectNow()
      return connection()
    },
    async runStreamAction(input) {
      const action = streamActionSchema.parse(input)
      const client = current.client
      if (!client)
        throw new RequestError(
          'Stream actions need the Access Token ID and Secret Key of the workspace.',
          409,
        )
      try {
        await perform(client, action)
      } catch (error) {
        if (!(error instanceof FastPixError)) throw error
        if (error.kind === 'forbidden') {
          actionsDenied = error.message
          connectionChanged()
        }
        throw new RequestError(error.message)
      }
      log.info(`stream action ${action.action} on ${action.streamId} done`)
      // FastPix's webhooks follow; reading the stream now shows the change at once.
      void current.reconciler?.refresh(action.streamId)
      return connection()
    },
  }

  const core = (): MonitorApi => current.monitor.api as MonitorApi
  const api: MonitorApi = {
    getSnapshot: () => core().getSnapshot(),
    getStream: (id) => core().getStream(id),
    listEvents: (query) => core().listEvents(query),
    getEvent: (id) => core().getEvent(id),
    listTransitions: (query) => core().listTransitions(query),
    listRejected: (query) => core().listRejected(query),
    getReceiver: () => core().getReceiver(),
    updateSettings: (patch) => core().updateSettings(patch),
    listNotifications: (query) => core().listNotifications(query),
    updateNotificationSettings: (patch) => core().updateNotificationSettings(patch),
    muteStream: (id, choice) => core().muteStream(id, choice),
    pauseNotifications: (choice) => core().pauseNotifications(choice),
    ...connectionApi,
    onUpdate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }

  return {
    api,
    session: () => current,
    connection,
    resume() {
      current.tunnel?.reconnectNow()
      void current.reconciler?.run('resume')
    },
    async stop() {
      await switching
      unsubscribe()
      listeners.clear()
      await current.stop()
    },
  }
}

function perform(client: FastPixClient, a: StreamAction): Promise<unknown> {
  switch (a.action) {
    case 'enable':
      return client.enableStream(a.streamId)
    case 'disable':
      return client.disableStream(a.streamId)
    case 'finish':
      return client.finishStream(a.streamId)
    case 'enable-target':
      return client.setSimulcastEnabled(a.streamId, a.simulcastId, true)
    case 'disable-target':
      return client.setSimulcastEnabled(a.streamId, a.simulcastId, false)
  }
}
