// Main side of IPC, the only module that touches ipcMain. `handle` wraps every
// handler in one gate (sender frame check, schema, error envelope — S3); `push`
// sends main→renderer messages (those of one turn of the event loop together, or at
// most one send per `batchMs` when set) and queues them until the renderer says its
// subscriber is in place, so nothing is lost at startup or reload. The update bus is
// the one place updates are batched in time, so the app sends its batches as they come.
import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron'
import { ZodError, type z } from 'zod'
import type {
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcErrorBody,
  IpcResult,
  PushChannel,
  PushEnvelope,
  Pushes,
  PushTransportChannel,
  ReadyTransportChannel,
} from '../../shared/ipc.ts'
import { inputError, type OperationName } from '../../shared/operations.ts'
import { RequestError } from '../core/errors.ts'
import type { Logger } from '../core/logger.ts'
import { isRendererUrl, type RendererLocation } from './renderer-url.ts'

const PUSH: PushTransportChannel = 'ipc:push'
const READY: ReadyTransportChannel = 'ipc:ready'
/** Every push channel (the mapped type makes a missing one a compile error). */
const PUSH_CHANNELS: { readonly [C in PushChannel]: true } = { 'monitor:update': true }
const isPushChannel = (value: unknown): value is PushChannel =>
  typeof value === 'string' && Object.hasOwn(PUSH_CHANNELS, value)

/** What the helper needs of ipcMain (tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown
}

/** A handler may throw this to answer with a chosen code and message. */
export class IpcFailure extends Error {
  readonly code: IpcErrorBody['code']
  constructor(code: IpcErrorBody['code'], message: string) {
    super(message)
    this.name = 'IpcFailure'
    this.code = code
  }
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>

/** Our page, in the window's top frame — not a subframe, not devtools, not a navigated-away frame. */
export function isTrustedSender(event: SenderEvent, renderer: RendererLocation): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  // Compared by id: frame wrappers are not guaranteed to be the same object.
  if (frame.frameTreeNodeId !== event.sender.mainFrame.frameTreeNodeId) return false
  return isRendererUrl(frame.url, renderer)
}

export interface IpcHostOptions {
  renderer: RendererLocation
  log: Logger
  ipc?: IpcMainLike
  batchMs?: number
  /** Pushes kept while no renderer is ready; the oldest go first (a new page starts from a snapshot). */
  maxQueue?: number
}

export interface IpcHost {
  handle<C extends InvokeChannel>(
    channel: C,
    schema: z.ZodType<InvokeArgs<C>>,
    handler: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>,
  ): void
  push<C extends PushChannel>(channel: C, payload: Pushes[C]): void
  /** The page pushes go to; readiness starts over on each load of it. */
  attach(contents: WebContents): void
  /** Invoke channels registered so far. */
  channels(): InvokeChannel[]
  stop(): void
}

const fail = (code: IpcErrorBody['code'], message: string): IpcResult<never> => ({
  ok: false,
  error: { code, message },
})

/** The refusal in the same words as the dashboard's: the argument's index gives way to its name. */
function describe(channel: InvokeChannel, error: ZodError): string {
  const issue = error.issues[0]
  const [index, ...path] = issue?.path ?? []
  const name = channel.slice('monitor:'.length) as OperationName
  if (typeof index !== 'number') return inputError(name, null, issue)
  return inputError(name, index, issue && { path, message: issue.message })
}

export function createIpcHost(options: IpcHostOptions): IpcHost {
  const ipc = options.ipc ?? ipcMain
  const { renderer, log } = options
  const batchMs = options.batchMs ?? 0
  const maxQueue = options.maxQueue ?? 2000
  const registered = new Set<InvokeChannel>()

  let target: WebContents | null = null
  let detachTarget: (() => void) | null = null
  const ready = new Set<PushChannel>()
  let queue: PushEnvelope[] = []
  let timer: NodeJS.Timeout | null = null
  let lastSentAt = Number.NEGATIVE_INFINITY
  let stopped = false

  function schedule(): void {
    if (timer || stopped || queue.length === 0) return
    const wait = Math.max(0, lastSentAt + batchMs - Date.now())
    timer = setTimeout(flush, wait)
    timer.unref?.()
  }

  function flush(): void {
    timer = null
    if (!target || target.isDestroyed() || stopped) return
    const deliver = queue.filter((e) => ready.has(e.channel))
    if (deliver.length === 0) return
    queue = queue.filter((e) => !ready.has(e.channel))
    lastSentAt = Date.now()
    target.send(PUSH, deliver)
  }

  const onReady = (event: IpcMainEvent, channel: unknown): void => {
    if (!isTrustedSender(event, renderer) || event.sender !== target) return
    if (!isPushChannel(channel)) return
    ready.add(channel)
    schedule()
  }
  ipc.on(READY, onReady)

  return {
    handle(channel, schema, handler) {
      registered.add(channel)
      ipc.handle(channel, async (event, ...args): Promise<IpcResult<InvokeResult<typeof channel>>> => {
        if (!isTrustedSender(event, renderer)) {
          log.warn(`refused ${channel} from ${event.senderFrame?.url.slice(0, 100) ?? 'a gone frame'}`)
          return fail('forbidden', 'sender is not the monitor window')
        }
        const parsed = schema.safeParse(args)
        if (!parsed.success) return fail('bad_request', describe(channel, parsed.error))
        try {
          return { ok: true, data: await handler(...parsed.data) }
        } catch (error) {
          if (error instanceof IpcFailure) return fail(error.code, error.message)
          if (error instanceof RequestError) return fail('bad_request', error.message)
          if (error instanceof ZodError) return fail('bad_request', describe(channel, error))
          log.error(`${channel} failed: ${(error as Error).message}`)
          return fail('internal', 'internal error')
        }
      })
    },
    push(channel, payload) {
      if (stopped) return
      queue.push({ channel, payload } as PushEnvelope)
      if (queue.length > maxQueue) queue.splice(0, queue.length - maxQueue)
      schedule()
    },
    attach(contents) {
      detachTarget?.()
      target = contents
      ready.clear()
      const restart = (details: { isMainFrame: boolean; isSameDocument: boolean }): void => {
        if (details.isMainFrame && !details.isSameDocument) ready.clear()
      }
      const gone = (): void => ready.clear()
      const destroyed = (): void => {
        if (target === contents) target = null
        ready.clear()
      }
      contents.on('did-start-navigation', restart)
      contents.on('render-process-gone', gone)
      contents.once('destroyed', destroyed)
      detachTarget = () => {
        contents.removeListener('did-start-navigation', restart)
        contents.removeListener('render-process-gone', gone)
        contents.removeListener('destroyed', destroyed)
      }
    },
    channels: () => [...registered],
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      queue = []
      detachTarget?.()
      ipc.removeListener(READY, onReady)
      for (const channel of registered) ipc.removeHandler(channel)
      registered.clear()
    },
  }
}
