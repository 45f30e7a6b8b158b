// The workspace slice: the connection status from snapshot and batches, the reload when the
// workspace generation changes or a switch succeeds, and the calls behind the connect screens.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { makeBatch, makeConnection, makeLiveConnection, makeSnapshot, makeStream, T0 } from '../fixtures.ts'
import { fakeWorkspaceApi, GOOD_SECRET_KEY, REFUSED, refusal } from '../workspace-api.ts'

let fake: ReturnType<typeof fakeWorkspaceApi>
const state = () => useMonitor.getState()

describe('workspace slice', () => {
  beforeEach(() => {
    resetMonitorState()
    fake = fakeWorkspaceApi()
  })
  afterEach(() => fake.restore())

  it('takes the connection from the snapshot and the batches that bring one', () => {
    state().applySnapshot(makeSnapshot([makeStream('a')], { workspace: makeLiveConnection() }))
    expect(state().workspaceStatus?.mode).toBe('live')
    expect(state().pageGeneration).toBe(1)
    state().applyBatch(makeBatch(2, { streams: [makeStream('b')] }))
    expect(state().workspaceStatus?.probeReceivedAt).toBeNull()
    state().applyBatch(makeBatch(3, { workspace: makeLiveConnection({ probeReceivedAt: T0 }) }))
    expect(state().workspaceStatus?.probeReceivedAt).toBe(T0)
    expect(fake.reload).not.toHaveBeenCalled()
  })

  it('keeps the connection object when a batch repeats the same picture (views need not render again)', () => {
    state().applySnapshot(makeSnapshot([makeStream('a')], { workspace: makeLiveConnection() }))
    const shown = state().workspaceStatus
    state().applyBatch(makeBatch(2, { workspace: makeLiveConnection() }))
    expect(state().workspaceStatus).toBe(shown)
    state().applyBatch(makeBatch(3, { workspace: makeLiveConnection({ heldDeliveries: 2 }) }))
    expect(state().workspaceStatus).not.toBe(shown)
    expect(state().workspaceStatus?.heldDeliveries).toBe(2)
  })

  it('reloads the page once when a batch brings another workspace generation', () => {
    state().applySnapshot(makeSnapshot([makeStream('a')], { workspace: makeConnection({ generation: 4 }) }))
    state().applyBatch(makeBatch(2, { workspace: makeConnection({ generation: 4, heldDeliveries: 2 }) }))
    expect(fake.reload).not.toHaveBeenCalled()
    state().applyBatch(makeBatch(3, { workspace: makeLiveConnection({ generation: 5 }) }))
    expect(fake.reload).toHaveBeenCalledTimes(1)
    expect(state().reloading).toBe(true)
    state().applyBatch(makeBatch(4, { workspace: makeLiveConnection({ generation: 5 }) }))
    expect(fake.reload).toHaveBeenCalledTimes(1)
  })

  it('reloads when a later snapshot is of another generation', () => {
    state().applySnapshot(makeSnapshot([], { workspace: makeConnection({ generation: 1 }) }))
    state().applySnapshot(makeSnapshot([], { seq: 9, workspace: makeConnection({ generation: 2 }) }))
    expect(fake.reload).toHaveBeenCalledTimes(1)
  })

  it('a batch before any snapshot fixes the generation the page shows', () => {
    state().applyBatch(makeBatch(1, { workspace: makeConnection({ generation: 7 }) }))
    state().applySnapshot(makeSnapshot([], { workspace: makeConnection({ generation: 7 }) }))
    expect(fake.reload).not.toHaveBeenCalled()
    expect(state().pageGeneration).toBe(7)
  })

  it('checks credentials: the core words for a refusal, the stream count for a good one', async () => {
    await state().checkCredentials({ accessTokenId: 'id', secretKey: 'wrong' })
    expect(state().credentialCheck).toMatchObject({ state: 'error', error: REFUSED })
    await state().checkCredentials({ accessTokenId: 'id', secretKey: GOOD_SECRET_KEY })
    expect(state().credentialCheck).toMatchObject({ state: 'ok', streams: 7 })
    state().clearCredentialCheck()
    expect(state().credentialCheck.state).toBe('unset')
  })

  it('drops the answer of a check the user has moved on from', async () => {
    let answer = (): void => {}
    fake.api.testCredentials.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ state: 'ok', error: null, streams: 1, checkedAt: T0 })
        }),
    )
    const pending = state().checkCredentials({ accessTokenId: 'id', secretKey: 'k' })
    expect(state().credentialCheck.state).toBe('checking')
    state().clearCredentialCheck()
    answer()
    await pending
    expect(state().credentialCheck.state).toBe('unset')
  })

  it('reloads after connecting or switching to the demo, and not after a refusal', async () => {
    state().applySnapshot(makeSnapshot([], { workspace: makeConnection() }))
    const input = {
      accessTokenId: 'id',
      secretKey: 'key',
      publicUrl: { mode: 'own' as const, url: 'https://m.example.com' },
    }
    fake.api.connectWorkspace.mockRejectedValueOnce(refusal('the public URL did not answer'))
    expect(await state().connectWorkspace(input)).toBe(false)
    expect(state().workspaceSwitch).toEqual({
      state: 'error',
      target: 'live',
      error: 'the public URL did not answer',
    })
    expect(fake.reload).not.toHaveBeenCalled()
    expect(await state().connectWorkspace(input)).toBe(true)
    expect(fake.api.connectWorkspace).toHaveBeenLastCalledWith(input)
    expect(state().workspaceSwitch.state).toBe('reloading')
    expect(fake.reload).toHaveBeenCalledTimes(1)
  })

  it('switches to the demo and reloads', async () => {
    expect(await state().switchToDemo()).toBe(true)
    expect(fake.api.useDemo).toHaveBeenCalledTimes(1)
    expect(fake.reload).toHaveBeenCalledTimes(1)
  })

  it('saves the signing secret and keeps what it released', async () => {
    state().applySnapshot(makeSnapshot([], { workspace: makeLiveConnection({ heldDeliveries: 4 }) }))
    expect(await state().saveSigningSecret('c2VjcmV0')).toBe(true)
    expect(fake.api.setSigningSecret).toHaveBeenCalledWith('c2VjcmV0')
    expect(state().signingSecret).toEqual({
      state: 'saved',
      error: null,
      result: { released: 3, rejected: 1 },
    })
    expect(state().workspaceStatus).toMatchObject({ signingSecretSet: true, heldDeliveries: 0 })
  })

  it('reconciles now and retries the tunnel through the api', async () => {
    state().applySnapshot(
      makeSnapshot([], {
        workspace: makeLiveConnection({
          tunnel: {
            state: 'offline',
            url: null,
            error: 'no route',
            since: T0,
            attempt: 3,
            nextRetryAt: null,
          },
        }),
      }),
    )
    expect(await state().reconcileNow()).toBe(true)
    expect(state().workspaceStatus?.reconcile.state).toBe('running')
    expect(await state().reconnectTunnel()).toBe(true)
    expect(state().workspaceStatus?.tunnel?.state).toBe('online')
    fake.api.reconcileNow.mockRejectedValueOnce(refusal('FastPix did not answer'))
    expect(await state().reconcileNow()).toBe(false)
    expect(state().reconcileRequest).toEqual({ state: 'error', error: 'FastPix did not answer' })
    expect(fake.reload).not.toHaveBeenCalled()
  })
})
