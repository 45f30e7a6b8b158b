// @vitest-environment happy-dom
// Operator actions on the stream page: offered by state, each behind a confirmation,
// FastPix's refusal shown in its words, and nothing offered without credentials.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { StreamActions } from '../../../../src/renderer/src/views/StreamActions.tsx'
import { makeLiveConnection, makeSnapshot, makeStream, makeTarget } from '../fixtures.ts'
import { fakeWorkspaceApi, refusal } from '../workspace-api.ts'

describe('stream actions', () => {
  let fake: ReturnType<typeof fakeWorkspaceApi>
  const live = makeStream('s1', {
    name: 'Main Stage',
    status: 'active',
    simulcastTargets: [makeTarget('t1', { enabled: true, destination: 'rtmps://a.rtmp.youtube.com/live2' })],
  })
  const connection = makeLiveConnection({ actions: { available: true, denied: null } })
  beforeEach(() => {
    resetMonitorState()
    fake = fakeWorkspaceApi()
    useMonitor.getState().applySnapshot(
      makeSnapshot([live], {
        workspace: makeLiveConnection({ actions: { available: true, denied: null } }),
      }),
    )
  })
  afterEach(() => {
    cleanup()
    fake.restore()
  })

  it('offers finish, disable and stopping a target; each needs a confirmation, cancel sends nothing', async () => {
    // (Mocks are restored before each test, after beforeEach: answer here.)
    fake.api.runStreamAction.mockResolvedValue(connection)
    render(<StreamActions stream={live} name="Main Stage" />)
    expect(screen.getByTestId('action-finish')).toBeTruthy()
    expect(screen.getByTestId('action-disable')).toBeTruthy()
    expect(screen.getByTestId('action-disable-target').dataset.targetId).toBe('t1')
    // The target by its one display name, as on the board.
    expect(screen.getByTestId('action-disable-target').textContent).toContain('YouTube')
    expect(screen.queryByTestId('action-enable')).toBeNull()
    fireEvent.click(screen.getByTestId('action-disable'))
    expect(screen.getByTestId('action-confirm').textContent).toContain('No encoder can publish to Main Stage')
    fireEvent.click(screen.getByTestId('action-confirm-no'))
    expect(fake.api.runStreamAction).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('action-disable-target'))
    fireEvent.click(screen.getByTestId('action-confirm-yes'))
    await waitFor(() => expect(screen.getByTestId('action-result')).toBeTruthy())
    expect(fake.api.runStreamAction).toHaveBeenCalledWith({
      streamId: 's1',
      simulcastId: 't1',
      action: 'disable-target',
    })
  })

  it('shows FastPix’s refusal in its words', async () => {
    fake.api.runStreamAction.mockRejectedValueOnce(refusal('Only active streams can be marked as completed.'))
    render(<StreamActions stream={live} name="Main Stage" />)
    fireEvent.click(screen.getByTestId('action-finish'))
    fireEvent.click(screen.getByTestId('action-confirm-yes'))
    await waitFor(() =>
      expect(screen.getByTestId('action-error').textContent).toContain('Only active streams can be marked'),
    )
  })

  it('a disabled stream offers enable; a read-only token disables the buttons with FastPix’s words', () => {
    const off = { ...live, status: 'disabled' as const, simulcastTargets: [] }
    useMonitor.getState().applySnapshot(
      makeSnapshot([off], {
        workspace: makeLiveConnection({ actions: { available: true, denied: 'lacks permission (403)' } }),
      }),
    )
    render(<StreamActions stream={off} name="Main Stage" />)
    expect((screen.getByTestId('action-enable') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByTestId('actions-denied').textContent).toContain('403')
  })

  it('nothing without credentials', () => {
    useMonitor.getState().applySnapshot(
      makeSnapshot([live], {
        workspace: makeLiveConnection({ actions: { available: false, denied: null } }),
      }),
    )
    render(<StreamActions stream={live} name="Main Stage" />)
    expect(screen.queryByTestId('stream-actions')).toBeNull()
  })
})
