// Retried writes against the fake FastPix: when an attempt's answer is lost and the retry is
// refused, the client reads the state back instead of trusting the refusal's wording.
import { afterEach, describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestFaults, type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { createFastPixClient, type FastPixClient } from '../../src/main/core/fastpix/client.ts'
import { FastPixError } from '../../src/main/core/fastpix/errors.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const TOKEN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
const SECRET = 'writes-secret-key-Pw40'
// 50 s in: "Main Stage" is active with its two simulcast targets enabled.
const OFFSET = 50_000
/** The refusal the retry gets: no text the client could know. */
const ARBITRARY = 'the moon is in the wrong phase'

let server: DemoRestServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/**
 * `first` is the fault of the first attempt; between attempts it is replaced by a 400 with
 * arbitrary words for the retry, on the same path.
 */
async function setup(first: (path: RegExp) => DemoRestFaults, path: RegExp) {
  const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 6 })
  const state = applyPlanUntil(new DemoWorkspace(plan, () => START + OFFSET), plan, OFFSET)
  const rest = await startDemoRest({ state, accessTokenId: TOKEN, secretKey: SECRET })
  server = rest
  rest.setFaults(first(path))
  const requests: string[] = []
  const client: FastPixClient = createFastPixClient({
    baseUrl: rest.url,
    accessTokenId: TOKEN,
    secretKey: SECRET,
    timeoutMs: 150,
    retry: { attempts: 2 },
    fetch: async (input, init) => {
      const response = await fetch(input, init).catch((error: unknown) => {
        requests.push(`${init?.method} ${new URL(String(input)).pathname} → no answer`)
        throw error
      })
      requests.push(`${init?.method} ${new URL(String(input)).pathname} → ${response.status}`)
      return response
    },
    sleep: async () => {
      rest.setFaults({ status: 400, message: ARBITRARY, times: 1, path })
    },
  })
  const main = plan.streams.find((s) => s.name === 'Main Stage')
  if (!main) throw new Error('plan without Main Stage')
  const target = main.targets[0]?.id ?? ''
  return { state, client, main: main.id, target, requests }
}

/** Applied, but the answer comes after the client gave up. */
const answerLost = (path: RegExp): DemoRestFaults => ({ afterServed: true, delayMs: 600, times: 1, path })
/** Not applied: refused with a retryable status. */
const notApplied = (path: RegExp): DemoRestFaults => ({ status: 503, times: 1, path })

async function failure(promise: Promise<unknown>): Promise<FastPixError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FastPixError)
  return error as FastPixError
}

describe('an applied write whose answer was lost, refused on the retry', () => {
  it('disable: reads the stream back, finds it disabled, reports success', async () => {
    const { client, state, main, requests } = await setup(answerLost, /\/live-disable$/)
    await client.disableStream(main)
    expect(state.get(main)?.status).toBe('disabled')
    expect(requests).toEqual([
      `PUT /v1/live/streams/${main}/live-disable → no answer`,
      `PUT /v1/live/streams/${main}/live-disable → 400`,
      `GET /v1/live/streams/${main} → 200`,
    ])
  })

  it('enable: finds it enabled', async () => {
    const { client, state, main, requests } = await setup(answerLost, /\/live-enable$/)
    state.setStatus(main, 'disabled')
    await client.enableStream(main)
    expect(state.get(main)?.status).toBe('idle')
    expect(requests.at(-1)).toBe(`GET /v1/live/streams/${main} → 200`)
  })

  it('finish: finds it idle', async () => {
    const { client, state, main, requests } = await setup(answerLost, /\/finish$/)
    expect(state.get(main)?.status).toBe('active')
    await client.finishStream(main)
    expect(state.get(main)?.status).toBe('idle')
    expect(requests).toHaveLength(3)
  })

  it('simulcast off: reads the target back and returns it', async () => {
    const { client, main, target, requests } = await setup(answerLost, /\/simulcast\//)
    const result = await client.setSimulcastEnabled(main, target, false)
    expect(result).toMatchObject({ simulcastId: target, isEnabled: false })
    expect(requests).toEqual([
      `PUT /v1/live/streams/${main}/simulcast/${target} → no answer`,
      `PUT /v1/live/streams/${main}/simulcast/${target} → 400`,
      `GET /v1/live/streams/${main}/simulcast/${target} → 200`,
    ])
  })
})

describe('a write not applied, refused on the retry', () => {
  it.each([
    ['disable', /\/live-disable$/, (c: FastPixClient, id: string) => c.disableStream(id)],
    ['finish', /\/finish$/, (c: FastPixClient, id: string) => c.finishStream(id)],
  ])('%s: the state does not match, so the refusal is reported in words', async (_name, path, write) => {
    const { client, state, main, requests } = await setup(notApplied, path)
    const error = await failure(write(client, main))
    expect(error).toMatchObject({ kind: 'invalid-request', status: 400, attempts: 2, apiMessage: ARBITRARY })
    expect(error.message).toBe(`FastPix refused the request (400): ${ARBITRARY}.`)
    expect(state.get(main)?.status).toBe('active')
    expect(requests.map((r) => r.split(' ')[0])).toEqual(['PUT', 'PUT', 'GET'])
  })

  it('simulcast off: the target is still on, so the refusal is reported', async () => {
    const { client, state, main, target } = await setup(notApplied, /\/simulcast\//)
    const error = await failure(client.setSimulcastEnabled(main, target, false))
    expect(error).toMatchObject({ kind: 'invalid-request', status: 400, apiMessage: ARBITRARY })
    expect(state.get(main)?.targets[0]?.isEnabled).toBe(true)
  })
})

describe('a refusal on the first attempt', () => {
  it('is reported as it is, without reading anything back', async () => {
    const { client, main, requests } = await setup(
      (path) => ({ status: 400, message: ARBITRARY, times: 1, path }),
      /\/live-disable$/,
    )
    expect((await failure(client.disableStream(main))).attempts).toBe(1)
    expect(requests).toEqual([`PUT /v1/live/streams/${main}/live-disable → 400`])
  })
})
