// The operation table's contract: every operation it declares is reachable over IPC
// (the desktop's gate, electron faked) and over HTTP (the dashboard app, called with
// the browser's client), against one real workspace controller in the demo, with the
// same answer; and bad input is refused with the same words on both.
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createIpcHost, type IpcHost } from '../../src/main/app/ipc-main.ts'
import { registerMonitorIpc } from '../../src/main/app/monitor-ipc.ts'
import { silentLogger } from '../../src/main/core/logger.ts'
import { memoryConfigFile } from '../../src/main/core/workspace/config.ts'
import {
  startWorkspaceController,
  type WorkspaceController,
} from '../../src/main/core/workspace/controller.ts'
import type { HttpApi } from '../../src/renderer/src/api/http.ts'
import { channelOf, type IpcResult } from '../../src/shared/ipc.ts'
import { OPERATION_NAMES, type OperationName, operation } from '../../src/shared/operations.ts'
import { operationSamples, type Samples } from '../support/operation-samples.ts'
import { tempDir, waitFor } from '../support/serve.ts'
import { overHttp } from '../support/transports.ts'
import { FakeIpcMain, FakeWebContents, RENDERER, silentLog } from '../unit/main/app/fakes.ts'

vi.mock('electron', async () => (await import('../unit/main/app/fakes.ts')).electronModuleMock())

let stream = ''
let event = ''
const SAMPLES: Samples = operationSamples(() => ({ stream, event }))

/** Fields that say when, not what: they differ between two calls a few ms apart. */
const WHEN = new Set(['serverTime', 'checkedAt', 'lastAt'])
function withoutWhen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWhen)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, WHEN.has(key) ? typeof v : withoutWhen(v)]),
  )
}

type Outcome = { ok: true; data: unknown } | { ok: false; code: string; message: string }

let dir = ''
let controller: WorkspaceController
let host: IpcHost
const ipc = new FakeIpcMain()
const page = new FakeWebContents()
let http: { api: HttpApi; close: () => Promise<void> }

async function overIpc(name: OperationName, args: unknown[]): Promise<Outcome> {
  const answer = (await ipc.invoke(channelOf(name), { contents: page }, ...args)) as IpcResult<unknown>
  return answer.ok ? answer : { ok: false, code: answer.error.code, message: answer.error.message }
}

async function overHttpClient(name: OperationName, args: unknown[]): Promise<Outcome> {
  const call = http.api[name] as (...a: unknown[]) => Promise<unknown>
  return call(...args).then(
    (data): Outcome => ({ ok: true, data }),
    (error: { code: string; message: string }): Outcome => ({
      ok: false,
      code: error.code,
      message: error.message,
    }),
  )
}

beforeAll(async () => {
  dir = await tempDir('fpm-optable-')
  controller = await startWorkspaceController({
    store: memoryConfigFile(),
    dataDir: dir,
    webhookPort: 0,
    demoSeed: 7,
    demoSpeed: 20,
    fastpixBaseUrl: 'http://127.0.0.1:9/v1/',
    fastpixClient: { timeoutMs: 500, retry: { attempts: 1 } },
    reconcile: { intervalMs: 0, viewersIntervalMs: 0 },
    logger: silentLogger,
    updateIntervalMs: 5,
    monitorOptions: async () => ({}),
  })
  host = createIpcHost({ renderer: RENDERER, log: silentLog, ipc, batchMs: 1 })
  host.attach(page as never)
  registerMonitorIpc(host, controller.api)
  http = await overHttp(controller.api)
  // Some demo traffic, then a quiet workspace: both transports must see the same state.
  await waitFor(
    async () => (await controller.api.listEvents({ limit: 1 })).events.length > 0,
    15_000,
    'a demo event',
  )
  await controller.session().demo?.simulator.stop()
  await new Promise((resolve) => setTimeout(resolve, 100))
  stream = (await controller.api.getSnapshot()).streams[0]?.id ?? ''
  event = (await controller.api.listEvents({ limit: 1 })).events[0]?.id ?? ''
}, 30_000)

afterAll(async () => {
  await http?.close()
  host?.stop()
  await controller?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the operation table over both transports', () => {
  it('has samples for every operation, and bad input for every one that takes input', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...OPERATION_NAMES].sort())
    for (const name of OPERATION_NAMES)
      expect(SAMPLES[name].bad !== undefined, name).toBe(operation(name).args.length > 0)
    expect(stream).not.toBe('')
    expect(event).not.toBe('')
  })

  it.each(OPERATION_NAMES)('%s answers the same over IPC and HTTP', async (name) => {
    const args = SAMPLES[name].good() as unknown[]
    const viaIpc = await overIpc(name, args)
    const viaHttp = await overHttpClient(name, args)
    expect(withoutWhen(viaHttp)).toEqual(withoutWhen(viaIpc))
    // Each operation is reached: a refusal here would be the operation's own, never the transport's.
    if (!viaIpc.ok) expect(viaIpc.code).toBe('bad_request')
  })

  it.each(OPERATION_NAMES.filter((name) => SAMPLES[name].bad))(
    '%s refuses bad input with the same words on both',
    async (name) => {
      const args = SAMPLES[name].bad ?? []
      const viaIpc = await overIpc(name, args)
      const viaHttp = await overHttpClient(name, args)
      expect(viaIpc).toMatchObject({ ok: false, code: 'bad_request' })
      expect(viaHttp).toEqual(viaIpc)
      // The words name the field.
      expect(viaIpc.ok ? '' : viaIpc.message).toMatch(/^[\w.]+: \S/)
    },
  )

  it('a missing stream or event is null on both', async () => {
    for (const name of ['getStream', 'getEvent'] as const) {
      expect(await overIpc(name, ['nope'])).toEqual({ ok: true, data: null })
      expect(await overHttpClient(name, ['nope'])).toEqual({ ok: true, data: null })
    }
  })
})
