// MonitorApi for browser mode: HTTP for requests, one WebSocket for update batches.
// Every (re)connection resynchronises: after the server's hello we fetch a fresh
// snapshot and hand it on as one full batch (plus the events and transitions missed
// while away), then continue with the live batches queued meanwhile. Batches are
// idempotent upserts, so overlap is harmless; a gap inside a connection forces a resync.

import type { MonitorSnapshot, UpdateBatch } from '../../../shared/api.ts'
import type { MonitorEvent, Transition } from '../../../shared/domain.ts'
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
import { createHttpApi, type FetchLike } from './http.ts'
import { type LinkedMonitorApi, type LinkInfo, MonitorApiError } from './link.ts'
import { describeClose, isBatch, isRecord, type SocketFactory, type SocketLike, wsUrlOf } from './socket.ts'

export type { SocketFactory, SocketLike } from './socket.ts'

export interface WsMonitorApiOptions {
  /** Origin of the dashboard listener, e.g. `http://127.0.0.1:8791`. */
  baseUrl: string
  token: string
  WebSocketImpl?: SocketFactory
  fetchImpl?: FetchLike
  backoff?: Partial<BackoffOptions>
  /** After this many failed attempts in a row the status says `offline` (retries go on). */
  offlineAfterAttempts?: number
  /** Give up on a connection that has not synced within this time. */
  syncTimeoutMs?: number
  random?: () => number
}

/** Overlap when fetching what was missed; duplicates are dropped downstream. */
const EVENT_OVERLAP_MS = 5_000
const TRANSITION_OVERLAP_MS = 60_000
const TOKEN_REFUSED =
  'The server refused the access token. It changes every time serve starts: open the new dashboard URL it printed.'

export function createWsMonitorApi(options: WsMonitorApiOptions): LinkedMonitorApi {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => fetch(input, init))
  const Socket: SocketFactory = options.WebSocketImpl ?? WebSocket
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff }
  const offlineAfter = options.offlineAfterAttempts ?? 4
  const syncTimeoutMs = options.syncTimeoutMs ?? 10_000
  const random = options.random ?? Math.random
  const http = createHttpApi(options.baseUrl, options.token, fetchImpl)
  const wsUrl = wsUrlOf(options.baseUrl, options.token)

  const listeners = new Set<(batch: UpdateBatch) => void>()
  const statusListeners = new Set<(info: LinkInfo) => void>()
  let info: LinkInfo = { status: 'connecting', attempt: 0, nextRetryAt: null, error: null }
  let started = false
  let closed = false
  let everLive = false
  /** Bumped per connection attempt; callbacks of older attempts are ignored. */
  let generation = 0
  let socket: SocketLike | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let syncTimer: ReturnType<typeof setTimeout> | null = null
  // Per connection.
  let phase: 'opening' | 'syncing' | 'live' = 'opening'
  let queued: UpdateBatch[] = []
  let lastSeq = 0
  // Across connections: what the consumer has seen, to fill gaps and drop vanished streams.
  const knownStreams = new Set<string>()
  let lastEventReceivedAt: number | null = null
  let lastTransitionAt: number | null = null

  function setInfo(next: Partial<LinkInfo>): void {
    const merged = { ...info, ...next }
    if (
      merged.status === info.status &&
      merged.attempt === info.attempt &&
      merged.nextRetryAt === info.nextRetryAt &&
      merged.error === info.error
    )
      return
    info = merged
    for (const listener of statusListeners) listener(info)
  }

  function track(batch: UpdateBatch): void {
    for (const stream of batch.streams) knownStreams.add(stream.id)
    for (const id of batch.removedStreamIds ?? []) knownStreams.delete(id)
    for (const event of batch.events) {
      if (lastEventReceivedAt === null || event.receivedAt > lastEventReceivedAt)
        lastEventReceivedAt = event.receivedAt
    }
    for (const t of batch.transitions) {
      if (lastTransitionAt === null || t.at > lastTransitionAt) lastTransitionAt = t.at
    }
  }

  function emit(batch: UpdateBatch): void {
    track(batch)
    for (const listener of listeners) {
      try {
        listener(batch)
      } catch {
        // One failing consumer must not starve the others.
      }
    }
  }

  function clearTimer(timer: ReturnType<typeof setTimeout> | null): null {
    if (timer) clearTimeout(timer)
    return null
  }

  function connect(): void {
    if (closed) return
    retryTimer = clearTimer(retryTimer)
    syncTimer = clearTimer(syncTimer)
    const gen = ++generation
    phase = 'opening'
    queued = []
    lastSeq = 0
    let ws: SocketLike
    try {
      ws = new Socket(wsUrl)
    } catch {
      fail(gen, 'could not open a WebSocket to the monitor', false)
      return
    }
    socket = ws
    syncTimer = setTimeout(() => {
      if (gen !== generation) return
      ws.close(4000, 'sync timeout')
      fail(gen, 'the monitor did not answer in time', false)
    }, syncTimeoutMs)
    ws.onmessage = (ev) => {
      if (gen === generation) onMessage(gen, ev.data)
    }
    ws.onclose = (ev) => {
      if (gen !== generation) return
      fail(gen, describeClose(ev), phase === 'live' && ev.code === 1013)
    }
    ws.onerror = () => {
      // A close event follows; it carries what we act on.
    }
  }

  function onMessage(gen: number, data: unknown): void {
    if (typeof data !== 'string') return
    let message: unknown
    try {
      message = JSON.parse(data)
    } catch {
      return
    }
    if (!isRecord(message)) return
    if (message.type === 'hello') void sync(gen)
    else if (message.type === 'batch' && isBatch(message.batch)) onBatch(gen, message.batch)
  }

  function onBatch(gen: number, batch: UpdateBatch): void {
    if (phase !== 'live') {
      queued.push(batch)
      return
    }
    if (batch.seq <= lastSeq) return
    if (batch.seq > lastSeq + 1) {
      // Something was lost inside this connection: start over from a snapshot.
      queued = [batch]
      void sync(gen)
      return
    }
    lastSeq = batch.seq
    emit(batch)
  }

  async function missedSinceLastTime(): Promise<{ events: MonitorEvent[]; transitions: Transition[] }> {
    const [page, transitions] = await Promise.all([
      lastEventReceivedAt === null
        ? Promise.resolve({ events: [] as MonitorEvent[] })
        : http.listEvents({ from: Math.max(0, lastEventReceivedAt - EVENT_OVERLAP_MS), limit: 1000 }),
      lastTransitionAt === null
        ? Promise.resolve([] as Transition[])
        : http.listTransitions({ from: Math.max(0, lastTransitionAt - TRANSITION_OVERLAP_MS), limit: 5000 }),
    ])
    return { events: page.events, transitions }
  }

  function resyncBatch(
    snapshot: MonitorSnapshot,
    events: MonitorEvent[],
    transitions: Transition[],
  ): UpdateBatch {
    const present = new Set(snapshot.streams.map((s) => s.id))
    return {
      seq: snapshot.seq,
      streams: snapshot.streams,
      removedStreamIds: [...knownStreams].filter((id) => !present.has(id)),
      events,
      transitions,
      receiver: snapshot.receiver,
      workspaceHealth: snapshot.workspaceHealth,
      settings: snapshot.settings,
      // Decisions made while disconnected are in the log (listNotifications), not replayed.
      decisions: [],
      notifications: snapshot.notifications,
      workspace: snapshot.workspace,
    }
  }

  async function sync(gen: number): Promise<void> {
    phase = 'syncing'
    try {
      const snapshot = await http.getSnapshot()
      const missed = everLive ? await missedSinceLastTime() : { events: [], transitions: [] }
      if (gen !== generation) return
      syncTimer = clearTimer(syncTimer)
      phase = 'live'
      lastSeq = snapshot.seq
      emit(resyncBatch(snapshot, missed.events, missed.transitions))
      const pending = queued
      queued = []
      for (const batch of pending) onBatch(gen, batch)
      everLive = true
      setInfo({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
    } catch (error) {
      if (gen !== generation) return
      socket?.close(4001, 'sync failed')
      if (error instanceof MonitorApiError && error.status === 401) refuseToken(gen)
      else fail(gen, `could not load the current state (${(error as Error).message})`, false)
    }
  }

  function refuseToken(gen: number): void {
    if (gen !== generation) return
    generation++
    socket = null
    syncTimer = clearTimer(syncTimer)
    setInfo({ status: 'offline', nextRetryAt: null, error: TOKEN_REFUSED })
  }

  function fail(gen: number, reason: string, quick: boolean): void {
    if (gen !== generation || closed) return
    const failedBeforeHello = phase === 'opening'
    generation++
    const mine = generation
    socket = null
    syncTimer = clearTimer(syncTimer)
    const schedule = (): void => {
      if (mine !== generation || closed) return
      const attempt = quick ? 1 : info.attempt + 1
      const delay = backoffDelay(attempt, backoff, random)
      retryTimer = setTimeout(connect, delay)
      setInfo({
        status: attempt >= offlineAfter ? 'offline' : 'reconnecting',
        attempt,
        nextRetryAt: Date.now() + delay,
        error: reason,
      })
    }
    if (!failedBeforeHello) {
      schedule()
      return
    }
    // A refused upgrade looks like any lost connection to a browser: ask over HTTP whether it is the token.
    http.getReceiver().then(
      () => schedule(),
      (error: unknown) => {
        if (error instanceof MonitorApiError && error.status === 401) refuseToken(mine)
        else schedule()
      },
    )
  }

  return {
    ...http,
    onUpdate(listener) {
      listeners.add(listener)
      if (!started) {
        started = true
        connect()
      }
      return () => {
        listeners.delete(listener)
      }
    },
    status: () => info.status,
    info: () => info,
    onStatus(listener) {
      statusListeners.add(listener)
      return () => {
        statusListeners.delete(listener)
      }
    },
    retryNow() {
      if (closed || !started || info.status === 'live') return
      generation++
      socket?.close(4002, 'retry')
      socket = null
      setInfo({ nextRetryAt: null })
      connect()
    },
    close() {
      closed = true
      generation++
      retryTimer = clearTimer(retryTimer)
      syncTimer = clearTimer(syncTimer)
      socket?.close(1000, 'closed')
      socket = null
      listeners.clear()
      setInfo({ status: 'offline', nextRetryAt: null, error: null })
    },
  }
}
