// The per-stage account the P1 bench prints, gathered on the real path: receiver,
// monitor intake, store client and writer worker.
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { INGEST_STAGES, ingestStages } from '../../src/main/core/perf/stages.ts'
import {
  buildWebhookApp,
  startWebhookListener,
  type WebhookListener,
} from '../../src/main/core/receiver/webhook-app.ts'
import { tempDir } from '../support/serve.ts'
import { eventBody, post, SIGNING_SECRET, signedHeaders } from './receiver-support.ts'

let dir = ''
let monitor: Monitor | null = null
let listener: WebhookListener | null = null

afterEach(async () => {
  ingestStages.disable()
  await listener?.close()
  await monitor?.close()
  await rm(dir, { recursive: true, force: true })
})

async function start(): Promise<string> {
  dir = await tempDir()
  monitor = await createMonitor({ dir, signingSecret: SIGNING_SECRET })
  listener = await startWebhookListener(buildWebhookApp({ intake: monitor.intake }), { port: 0 })
  return `${listener.url}/webhooks/fastpix`
}

const send = (url: string, ids: string[]) =>
  Promise.all(ids.map((id) => post(url, eventBody(id), signedHeaders(eventBody(id)))))

describe('ingest stage timing', () => {
  it('counts every answered delivery, each stage, the messages and the committed groups', async () => {
    const url = await start()
    ingestStages.enable()
    const answers = await send(
      url,
      Array.from({ length: 20 }, (_, i) => `stage-${i}`),
    )
    // A rejected delivery is not an answered event (but its record is a write).
    await post(url, eventBody('stage-bad'), { 'content-type': 'application/json', 'fastpix-signature': 'x' })
    const report = ingestStages.disable()
    expect(answers.every((a) => a.status === 202)).toBe(true)
    expect(report.events).toBe(20)
    for (const stage of INGEST_STAGES) expect(report.us[stage], stage).toBeGreaterThan(0)
    expect(report.ackWaitUs).toBeGreaterThan(0)
    expect(report.messages).toBeGreaterThanOrEqual(1)
    expect(report.groups).toBeGreaterThanOrEqual(1)
    // The rejection is a write of its own.
    expect(report.groupWrites).toBe(21)
    expect(report.groupCommitUs).toBeGreaterThan(0)
    expect(report.groupBatchUs).toBeGreaterThanOrEqual(report.groupCommitUs)
  })

  it('gathers nothing while off', async () => {
    const url = await start()
    await send(url, ['off-1', 'off-2'])
    ingestStages.enable()
    const report = ingestStages.disable()
    expect(report).toMatchObject({ events: 0, messages: 0, groups: 0, groupWrites: 0, ackWaitUs: 0 })
  })
})
