// Store worker thread: owns one SQLite connection so commits, fsyncs and long
// reads never block the main thread's event loop. The writer applies write
// batches (one transaction each) and runs retention; the reader, on its own
// read-only connection, answers queries (WAL lets it read while the writer commits).
import { statSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { setTimeout as sleep } from 'node:timers/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { get, openDatabase, readSettings } from './db.ts'
import { createNames } from './names.ts'
import {
  type CallName,
  type FromWorker,
  type ToWorker,
  toWireError,
  type WorkerConfig,
  type WriteOp,
  type WriteResult,
  type WriterCalls,
} from './protocol.ts'
import { createReads } from './queries.ts'
import { createRetention } from './retention.ts'
import { createWriter } from './writes.ts'

type Handler = (args: never) => Promise<unknown>

interface Running {
  handlers: Partial<Record<CallName, Handler>>
  write(ops: readonly WriteOp[]): WriteResult[]
  /** µs the last transaction's COMMIT took (0 for the reader). */
  lastCommitUs(): number
  close(): void
}

if (!parentPort) throw new Error('store worker: must run as a worker thread')
const port = parentPort
const config = workerData as WorkerConfig
const post = (message: FromWorker): void => port.postMessage(message)

/** The reader may start before the writer has created the file or migrated it: it retries. */
const READER_WAIT_MS = 10_000
const CHECKPOINT_INTERVAL_MS = 500

async function openDatabaseHandles(): Promise<ReturnType<typeof openDatabase>> {
  if (config.role === 'writer') return openDatabase(config.file)
  const deadline = Date.now() + READER_WAIT_MS
  for (;;) {
    try {
      return openDatabase(config.file, { readOnly: true })
    } catch (error) {
      if (Date.now() > deadline) throw error
      await sleep(10)
    }
  }
}

async function start(): Promise<Running | null> {
  let opened: ReturnType<typeof openDatabase>
  try {
    opened = await openDatabaseHandles()
  } catch (error) {
    post({ kind: 'failed', error: toWireError(error) })
    return null
  }
  const { db } = opened
  const names = createNames(db)
  const handlers: Running['handlers'] = { ...createReads(db, names, config.holdKey) }
  if (config.role === 'reader') {
    const checkpointer = startCheckpointer(config.file)
    return {
      handlers,
      write: refuse,
      lastCommitUs: () => 0,
      close() {
        checkpointer.stop()
        db.close()
      },
    }
  }

  const writer = createWriter(db, names, config.holdKey, config.holdLimits)
  const retention = createRetention(db, config.retention, config.retentionChunk, config.prunedIds)
  const timer =
    config.retentionIntervalMs > 0
      ? setInterval(() => {
          // A failed pass is retried on the next tick; writes are unaffected.
          retention.pass(Date.now()).catch(() => {})
        }, config.retentionIntervalMs)
      : null
  timer?.unref()
  const pageInfo = db.prepare('SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()')
  const stored = db.prepare('SELECT stored FROM counters WHERE id = 1')
  const writerCalls: {
    [K in keyof WriterCalls]: (args: WriterCalls[K]['args']) => Promise<WriterCalls[K]['result']>
  } = {
    applyRetention: (now: number) => retention.pass(now),
    async stats() {
      const page = get<{ page_count: number; page_size: number }>(pageInfo)
      return {
        events: get<{ stored: number }>(stored)?.stored ?? 0,
        pageCount: page?.page_count ?? 0,
        pageSize: page?.page_size ?? 0,
        fileBytes: fileSize(config.file) + fileSize(`${config.file}-wal`),
      }
    },
    settings: async () => readSettings(db),
    writeCounts: async () => writer.counts(),
  }
  Object.assign(handlers, writerCalls)
  return {
    handlers,
    write: (ops) => writer.runBatch(ops),
    lastCommitUs: () => writer.lastCommitUs(),
    close() {
      if (timer) clearInterval(timer)
      retention.stop()
      db.close()
    },
  }
}

/**
 * Checkpoints the WAL from this thread (PASSIVE: never blocks the writer), so the
 * writer's commits do not pay for copying pages back into the database file.
 * The writer keeps a high auto-checkpoint as a safety net.
 */
function startCheckpointer(file: string): { stop(): void } {
  let conn: DatabaseSync | null = null
  const timer = setInterval(() => {
    try {
      conn ??= new DatabaseSync(file, { timeout: 0 })
      conn.exec('PRAGMA wal_checkpoint(PASSIVE)')
    } catch {
      // Busy or not ready yet: the next tick tries again.
    }
  }, CHECKPOINT_INTERVAL_MS)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      conn?.close()
    },
  }
}

function refuse(ops: readonly unknown[]): WriteResult[] {
  return ops.map(() => ({ ok: false, error: { message: 'store: the reader worker cannot write' } }))
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

const worker = await start()
if (worker) {
  post({ kind: 'ready' })
  port.on('message', (message: ToWorker) => {
    void handle(message)
  })
}

// Group commit: write messages that arrive while a transaction runs wait here, and
// the next transaction takes all of them (setImmediate runs after the port has
// delivered everything queued), so the worker never idles waiting for the main thread.
type WriteMessage = Extract<ToWorker, { kind: 'write' }>
const pendingWrites: WriteMessage[] = []
let flushScheduled = false

function flushWrites(): void {
  flushScheduled = false
  while (pendingWrites.length > 0 && worker) {
    const group: WriteMessage[] = []
    let ops = 0
    while (
      pendingWrites.length > 0 &&
      (group.length === 0 || ops + (pendingWrites[0] as WriteMessage).ops.length <= config.maxBatch)
    ) {
      const next = pendingWrites.shift() as WriteMessage
      group.push(next)
      ops += next.ops.length
    }
    const all = group.flatMap((m) => m.ops)
    let results: WriteResult[]
    const started = performance.now()
    try {
      results = worker.write(all)
    } catch (error) {
      const { message: why } = toWireError(error)
      results = all.map(() => ({ ok: false, error: { message: `store: write batch failed: ${why}` } }))
    }
    const timing = {
      writes: all.length,
      batchUs: (performance.now() - started) * 1000,
      commitUs: worker.lastCommitUs(),
    }
    let at = 0
    group.forEach((m, i) => {
      const slice = results.slice(at, at + m.ops.length)
      at += m.ops.length
      post(
        i === group.length - 1
          ? { kind: 'written', id: m.id, results: slice, group: timing }
          : { kind: 'written', id: m.id, results: slice },
      )
    })
  }
}

async function handle(message: ToWorker): Promise<void> {
  if (!worker) return
  switch (message.kind) {
    case 'write': {
      pendingWrites.push(message)
      if (!flushScheduled) {
        flushScheduled = true
        setImmediate(flushWrites)
      }
      return
    }
    case 'call': {
      const handler = worker.handlers[message.name]
      try {
        if (!handler) throw new Error(`store: ${config.role} worker cannot answer ${message.name}`)
        const value = await handler(message.args as never)
        post({ kind: 'reply', id: message.id, ok: true, value })
      } catch (error) {
        post({ kind: 'reply', id: message.id, ok: false, error: toWireError(error) })
      }
      return
    }
    case 'close': {
      flushWrites()
      try {
        worker.close()
      } finally {
        post({ kind: 'closed', id: message.id })
        port.close()
      }
    }
  }
}
