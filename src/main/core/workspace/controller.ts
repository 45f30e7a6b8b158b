// The workspace controller: runs one workspace session at a time (demo or live),
// switches between them, keeps the workspace settings, and answers the whole
// MonitorApi — the core's operations go to the running session's monitor, the
// workspace operations are its own. It publishes the update batches: one bus, one
// count of batches, across switches; the running session's monitor reports to it.
import type { MonitorApi, MonitorSnapshot, WorkspaceApi } from '../../../shared/api.ts'
import type { FastPixCheck, StreamAction, WorkspaceMode, WorkspaceStatus } from '../../../shared/workspace.ts'
import { readAudit } from '../audit/audit-log.ts'
import { RequestError } from '../errors.ts'
import { createFastPixClient, type FastPixClient } from '../fastpix/client.ts'
import { FastPixError } from '../fastpix/errors.ts'
import type { Logger } from '../logger.ts'
import { silentLogger } from '../logger.ts'
import type { WorkspaceFacts } from '../monitor/index.ts'
import { WEBHOOK_PATH } from '../receiver/webhook-app.ts'
import { urlChange } from '../tunnel/url-watch.ts'
import { createUpdateBus, sourceOf } from '../updates/bus.ts'
import type { ConfigFile, WorkspaceConfig } from './config.ts'
import { createCredentialWatch } from './credentials.ts'
import { FORWARDED, forwarding } from './forward.ts'
import { type Session, type SessionOptions, startSession } from './session.ts'

export interface WorkspaceControllerOptions
  extends Omit<SessionOptions, 'mode' | 'config' | 'updates' | 'onChange' | 'onFastPixCall'> {
  store: ConfigFile
  /** A mode to use now regardless of what is saved (`serve --demo` / `--live`); not saved. */
  forceMode?: WorkspaceMode
  /** Update batches go out at most this often (ms); UPDATE_INTERVAL_MS by default. */
  updateIntervalMs?: number
  logger: Logger
}

export interface WorkspaceController {
  readonly api: MonitorApi
  session(): Session
  workspaceStatus(): WorkspaceStatus
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
  let config: WorkspaceConfig = await options.store.load()
  let generation = 1
  let check: FastPixCheck = unsetCheck()
  /** FastPix's 403 words once a stream action was refused for lack of write permission. */
  let actionsDenied: string | null = null
  let current: Session
  // Batches read the running session's monitor and this controller's workspace status.
  const bus = createUpdateBus(
    sourceOf(
      () => current.monitor.view,
      () => workspaceStatus(),
    ),
    options.updateIntervalMs,
    log,
  )
  let switching: Promise<unknown> = Promise.resolve()
  // Whether FastPix takes the saved token, across sessions: one episode, one decision.
  const credentials = createCredentialWatch({
    onChange(rejection) {
      current?.monitor.credentialsChanged(rejection)
      workspaceStatusChanged()
    },
  })

  const modeOf = (): WorkspaceMode => options.forceMode ?? config.mode ?? 'demo'

  function status(facts: WorkspaceFacts): WorkspaceStatus {
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
      keyring: options.store.keyring?.() ?? { secretsPersisted: options.store.persistent, reason: null },
      fastpix: {
        ...(live ? check : unsetCheck()),
        credentialsSet: live && config.accessTokenId !== null && config.secretKey !== null,
        idHint: live && config.accessTokenId ? config.accessTokenId.slice(-4) : null,
        rejected: live ? credentials.current() : null,
      },
      signingSecretSet: facts.signingSecretSet,
      publicUrl: {
        mode: live ? (pub?.mode ?? null) : null,
        url: origin,
        webhookUrl: origin ? `${origin}${WEBHOOK_PATH}` : null,
        ngrokAuthtokenSet: pub?.mode === 'ngrok' && pub.authtoken !== '',
        ngrokDomain: pub?.mode === 'ngrok' ? pub.domain : null,
        receiverUrl:
          options.webhookPort > 0 ? `http://127.0.0.1:${options.webhookPort}${WEBHOOK_PATH}` : null,
      },
      tunnel,
      probeReceivedAt: facts.probeReceivedAt,
      heldDeliveries: facts.heldDeliveries,
      urlWarning: change?.message ?? null,
      reconcile: s?.reconciler?.status() ?? { state: 'off', lastAt: null, lastError: null, corrections: 0 },
      actions: { available: (s?.client ?? null) !== null, denied: actionsDenied },
    }
  }

  const workspaceStatusChanged = (): void => bus.workspaceStatusChanged()

  const open = (mode: WorkspaceMode): Promise<Session> =>
    startSession({
      ...options,
      mode,
      config,
      updates: bus,
      onChange: workspaceStatusChanged,
      onFastPixCall: credentials,
    })

  /**
   * Stops the running session and starts `mode` (serialised: one switch at a time). When
   * `mode` cannot start, `restore` puts the workspace settings back and the workspace that
   * ran before starts again (same generation: the page keeps showing it, with the refusal),
   * so the controller never keeps a stopped session.
   */
  function switchTo(mode: WorkspaceMode, restore: () => Promise<void>): Promise<WorkspaceStatus> {
    const next = switching.then(async () => {
      const previous = current.mode
      // Stopping sends the session's last batch: a decision made just before still goes out.
      await current.stop()
      // Batches read the running session: they wait until the next one runs.
      await bus.holding(async () => {
        // The first batch after it tells every page (a new generation, or the refusal).
        workspaceStatusChanged()
        try {
          current = await open(mode)
          generation += 1
        } catch (error) {
          const why = checkFailure(error)
          log.error(`could not start the ${mode} workspace: ${why}; starting the ${previous} one again`)
          await restore().catch((e: unknown) =>
            log.error(`could not restore the workspace settings: ${checkFailure(e)}`),
          )
          current = await open(previous)
          throw new RequestError(
            `Could not start the ${mode === 'demo' ? 'demo' : 'FastPix'} workspace: ${why}`,
            409,
          )
        }
      })
      return workspaceStatus()
    })
    switching = next.catch(() => {})
    return next
  }

  /** Operations wait for a switch in flight: until it ends, the running session is a stopped one. */
  async function settled(): Promise<Session> {
    await switching
    return current
  }

  const workspaceStatus = (): WorkspaceStatus => status(current.monitor.workspaceFacts())

  /** Credentials typed into the connect form: their own client, not the workspace's. */
  function verify(accessTokenId: string, secretKey: string): Promise<FastPixCheck> {
    const client = createFastPixClient({
      ...(options.fastpixBaseUrl ? { baseUrl: options.fastpixBaseUrl } : {}),
      accessTokenId,
      secretKey,
      timeoutMs: options.fastpixClient?.timeoutMs ?? 10_000,
      retry: options.fastpixClient?.retry ?? { attempts: 2, initialMs: 500 },
    })
    return checkWith(client)
  }

  async function checkWith(client: FastPixClient): Promise<FastPixCheck> {
    const checkedAt = Date.now()
    try {
      const { streams } = await client.verifyCredentials()
      return { state: 'ok', error: null, streams, checkedAt }
    } catch (error) {
      return { state: 'error', error: checkFailure(error), streams: null, checkedAt }
    }
  }

  async function save(next: WorkspaceConfig): Promise<void> {
    try {
      await options.store.save(next)
    } catch (error) {
      // The host's words (e.g. no system keychain) are for the user, not an "internal error".
      if (error instanceof RequestError) throw error
      throw new RequestError(`The connection settings could not be saved: ${checkFailure(error)}`, 409)
    }
    config = next
  }

  /** Bumped whenever `check` is set, so a slower, older check never overwrites a newer one. */
  let checkSeq = 0
  current = await bus.holding(() => open(modeOf()))
  // A real workspace's credentials are checked at start, so the status tells the truth
  // (through the session's client: a refusal opens a credential episode like any call's).
  if (current.mode === 'live' && current.client) {
    const mine = ++checkSeq
    check = { ...check, state: 'checking' }
    void checkWith(current.client).then((result) => {
      if (mine !== checkSeq) return
      check = result
      workspaceStatusChanged()
    })
  }

  const workspaceApi: WorkspaceApi = {
    getWorkspaceStatus: async () => {
      await settled()
      return workspaceStatus()
    },
    // Inputs arrive validated (and trimmed) by the transport, IPC or HTTP.
    testCredentials: (input) => verify(input.accessTokenId, input.secretKey),
    async connectWorkspace(valid) {
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
      await settled()
      const before = { config, check, actionsDenied }
      // Another access token may mean another workspace, whose webhook has its own signing
      // secret: forget the old one, so deliveries are held (not rejected) until it is entered.
      const sameToken = config.accessTokenId === null || config.accessTokenId === valid.accessTokenId
      await save({
        ...config,
        mode: 'live',
        accessTokenId: valid.accessTokenId,
        secretKey: valid.secretKey,
        signingSecret: sameToken ? config.signingSecret : null,
        publicUrl,
      })
      checkSeq += 1
      check = result
      actionsDenied = null
      log.info('connected a FastPix workspace; switching to it')
      await switchTo('live', async () => {
        checkSeq += 1
        check = before.check
        actionsDenied = before.actionsDenied
        await save(before.config)
      })
      // FastPix has just accepted the token now in use.
      credentials.accepted()
      return workspaceStatus()
    },
    async setSigningSecret(valid) {
      const session = await settled()
      if (session.mode === 'demo')
        throw new RequestError('The demo workspace signs its own deliveries; connect a workspace first.', 409)
      const result = await session.monitor.setSigningSecret(valid)
      await save({ ...config, signingSecret: valid })
      workspaceStatusChanged()
      return result
    },
    async useDemo() {
      const session = await settled()
      const before = config
      await save({ ...config, mode: 'demo' })
      if (session.mode === 'demo') {
        workspaceStatusChanged()
        return workspaceStatus()
      }
      return switchTo('demo', () => save(before))
    },
    async reconcileNow() {
      const { reconciler } = await settled()
      if (!reconciler)
        throw new RequestError('Reconciling needs the Access Token ID and Secret Key of the workspace.', 409)
      return reconciler.run('asked')
    },
    async reconnectTunnel() {
      const { tunnel } = await settled()
      tunnel?.reconnectNow()
      return workspaceStatus()
    },
    async runStreamAction(action) {
      const session = await settled()
      const client = session.client
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
          workspaceStatusChanged()
        }
        throw new RequestError(error.message)
      }
      log.info(`stream action ${action.action} on ${action.streamId} done`)
      // FastPix's webhooks follow; reading the stream now shows the change at once.
      void session.reconciler?.refresh(action.streamId)
      return workspaceStatus()
    },
    // The host's log of changes (written by `serve`'s dashboard and the users CLI) in its data folder.
    listAudit: async (query) => readAudit(options.dataDir, query),
  }

  const api: MonitorApi = {
    // The running session's monitor answers (once a switch in flight is done).
    ...forwarding(FORWARDED, async () => (await settled()).monitor.api),
    // Numbered like the batches: a page's WebSocket client drops batches at or below the snapshot's.
    async getSnapshot(): Promise<MonitorSnapshot> {
      const { monitor } = await settled()
      return { ...monitor.snapshot(), seq: bus.seq(), workspace: workspaceStatus() }
    },
    ...workspaceApi,
    onUpdate: (listener) => bus.subscribe(listener),
  }

  return {
    api,
    session: () => current,
    workspaceStatus,
    resume() {
      current.tunnel?.reconnectNow()
      void current.reconciler?.run('resume')
    },
    async stop() {
      await switching
      await current.stop()
      bus.close()
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
