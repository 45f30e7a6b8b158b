// Main-thread side of one store worker: request/response over postMessage, and
// group commit for writes. While one batch is in the worker, new writes queue;
// when it is acknowledged they go as the next batch (one transaction). Each
// write's promise settles with its own result from that transaction.
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { ingestStages as stages } from '../perf/stages.ts'
import type {
  CallName,
  Calls,
  FromWorker,
  ToWorker,
  WireError,
  WorkerConfig,
  WriteOp,
  WriteResult,
  WriteResults,
} from './protocol.ts'

export const MAX_BATCH = 500
const CLOSE_TIMEOUT_MS = 10_000

/** An error from the store; `code` carries SQLite's error code when there is one. */
export class StoreError extends Error {
  code: string | undefined
  constructor(message: string, code?: string) {
    super(message)
    this.name = 'StoreError'
    this.code = code
  }
}

// Sources run as .ts (tests, serve): the worker is its sibling. In the Electron
// bundle the worker is its own entry, emitted next to the bundled main. Not a
// literal, so bundlers leave the URL alone.
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './worker.ts' : './store-worker.js'

export function defaultWorkerUrl(): URL {
  return new URL(WORKER_FILE, import.meta.url)
}

export interface WorkerClient {
  call<K extends CallName>(name: K, args: Calls[K]['args']): Promise<Calls[K]['result']>
  write<K extends WriteOp['op']>(op: Extract<WriteOp, { op: K }>): Promise<WriteResults[K]>
  /** Resolves once every write queued so far has been acknowledged. */
  drain(): Promise<void>
  /** Stops accepting work, flushes queued writes, closes the database, ends the thread. */
  close(): Promise<void>
}

interface Queued {
  op: WriteOp
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

const toError = (e: WireError): StoreError => new StoreError(e.message, e.code)

export async function startWorker(
  url: URL,
  config: WorkerConfig,
  maxBatch = MAX_BATCH,
  abort?: AbortSignal,
): Promise<WorkerClient> {
  const role = config.role
  const worker = new Worker(url, { workerData: config, name: `fastpix-store-${role}` })
  // Aborting a start ends the thread; `ready` then rejects through 'exit'.
  abort?.addEventListener('abort', () => void worker.terminate(), { once: true })
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const queue: Queued[] = []
  const drainers: (() => void)[] = []
  let nextId = 1
  // Batches sent and not yet acknowledged; the worker groups whatever is queued into one transaction.
  let inFlight = 0
  let scheduled = false
  let closed = false
  let broken: Error | null = null
  let closing: Promise<void> | null = null

  // Keep the process alive only while we wait on the worker: an idle store must
  // not hold a finished program open, a pending commit must.
  const refresh = (): void => {
    if (waiting.size > 0) worker.ref()
    else worker.unref()
  }

  function fail(error: Error): void {
    broken ??= error
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
    for (const q of queue.splice(0)) q.reject(error)
    inFlight = 0
    settleDrain()
    refresh()
  }

  function request(message: ToWorker): Promise<unknown> {
    if (broken) return Promise.reject(broken)
    return new Promise((resolve, reject) => {
      waiting.set(message.id, { resolve, reject })
      refresh()
      worker.postMessage(message)
    })
  }

  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: FromWorker) => {
      if (m.kind === 'ready') resolve()
      else if (m.kind === 'failed') reject(toError(m.error))
      else reject(new StoreError(`store: unexpected first message from the ${role} worker`))
    })
    worker.once('error', reject)
    worker.once('exit', (code) =>
      reject(new StoreError(`store: ${role} worker exited during start (code ${code})`)),
    )
  })

  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'ready' || m.kind === 'failed') return
    const w = waiting.get(m.id)
    if (!w) return
    waiting.delete(m.id)
    refresh()
    if (m.kind === 'written') {
      if (m.group) stages.group(m.group)
      w.resolve(m.results)
    } else if (m.kind === 'closed') w.resolve(null)
    else if (m.ok) w.resolve(m.value)
    else w.reject(toError(m.error))
  })
  worker.on('error', (error) => fail(new StoreError(`store: ${role} worker crashed: ${error.message}`)))
  worker.on('exit', (code) => fail(new StoreError(`store: ${role} worker stopped (exit code ${code})`)))

  worker.ref()
  try {
    await ready
  } catch (error) {
    await worker.terminate()
    throw error
  }
  refresh()

  function schedule(): void {
    if (scheduled || queue.length === 0) return
    scheduled = true
    // Every write of this turn of the event loop (all the requests one poll read) goes in
    // one message, after the poll: the writer's transaction takes them together instead of
    // committing the first alone (its fsync, ~0.3 ms here, is paid once per group). Measured with
    // `npm run bench -- --only P1`: 21 events per group instead of 15, same load.
    setImmediate(sendBatch)
  }

  function sendBatch(): void {
    scheduled = false
    if (queue.length === 0) return
    const batch = queue.splice(0, maxBatch)
    inFlight++
    schedule()
    const t = stages.mark()
    const sent = request({ kind: 'write', id: nextId++, ops: batch.map((q) => q.op) })
    stages.lap('handoff', t)
    stages.posted()
    sent
      .then(
        (value) => {
          const results = value as WriteResult[]
          batch.forEach((q, i) => {
            const r = results[i]
            if (r?.ok) q.resolve(r.value)
            else q.reject(r ? toError(r.error) : new StoreError('store: missing write result'))
          })
        },
        (error: Error) => {
          for (const q of batch) q.reject(error)
        },
      )
      .finally(() => {
        inFlight--
        settleDrain()
      })
  }

  function settleDrain(): void {
    if (inFlight > 0 || queue.length > 0) return
    for (const resolve of drainers.splice(0)) resolve()
  }

  const closedError = (): StoreError => new StoreError('store: the store is closed')

  function drain(): Promise<void> {
    if (inFlight === 0 && queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => drainers.push(resolve))
  }

  return {
    call(name, args) {
      if (closed) return Promise.reject(closedError())
      return request({ kind: 'call', id: nextId++, name, args }) as Promise<never>
    },
    write(op) {
      if (closed) return Promise.reject(closedError())
      if (broken) return Promise.reject(broken)
      return new Promise((resolve, reject) => {
        queue.push({ op, resolve: resolve as (value: unknown) => void, reject })
        schedule()
      })
    },
    drain,
    close() {
      closing ??= (async () => {
        closed = true
        await drain()
        if (!broken) {
          const exited = once(worker, 'exit')
          await request({ kind: 'close', id: nextId++ }).catch(() => {})
          const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS)
          await exited.catch(() => {})
          clearTimeout(timer)
        }
        broken ??= closedError()
      })()
      return closing
    },
  }
}
