// @vitest-environment happy-dom
// The first-run choices and the connect form, against a fake workspace API that answers like the core.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../../../src/renderer/src/App.tsx'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Connect } from '../../../../src/renderer/src/views/Connect.tsx'
import type { WorkspaceStatus } from '../../../../src/shared/workspace.ts'
import { makeConnection, makeSnapshot } from '../fixtures.ts'
import { fakeWorkspaceApi, GOOD_SECRET_KEY, REFUSED, refusal } from '../workspace-api.ts'

let fake: ReturnType<typeof fakeWorkspaceApi>

function load(status: WorkspaceStatus): void {
  useMonitor.getState().applySnapshot(makeSnapshot([], { workspace: status }))
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement
const type = (testId: string, value: string) => fireEvent.change(input(testId), { target: { value } })
const submit = () => fireEvent.submit(screen.getByTestId('connect-form'))

describe('first run', () => {
  beforeEach(() => {
    resetMonitorState()
    fake = fakeWorkspaceApi()
    window.location.hash = '#/'
  })
  afterEach(() => {
    cleanup()
    fake.restore()
  })

  it('offers the demo or connecting instead of the board, until a choice is made', () => {
    load(makeConnection({ firstRun: true }))
    render(<App />)
    expect(screen.getByTestId('first-run')).toBeTruthy()
    expect(screen.queryByTestId('board-empty')).toBeNull()
    cleanup()
    load(makeConnection({ firstRun: false }))
    render(<App />)
    expect(screen.queryByTestId('first-run')).toBeNull()
    expect(screen.getByTestId('board-empty')).toBeTruthy()
  })

  it('"Try the demo workspace" switches to the demo and reloads', async () => {
    load(makeConnection({ firstRun: true }))
    render(<App />)
    fireEvent.click(screen.getByTestId('first-run-demo'))
    await waitFor(() => expect(fake.reload).toHaveBeenCalledTimes(1))
    expect(fake.api.useDemo).toHaveBeenCalledTimes(1)
    expect(fake.api.connectWorkspace).not.toHaveBeenCalled()
  })

  it('says so when the demo cannot start, and does not reload', async () => {
    fake.api.useDemo.mockRejectedValueOnce(refusal('the demo simulator could not start'))
    load(makeConnection({ firstRun: true }))
    render(<App />)
    fireEvent.click(screen.getByTestId('first-run-demo'))
    await waitFor(() =>
      expect(screen.getByTestId('first-run-error').textContent).toContain(
        'the demo simulator could not start',
      ),
    )
    expect(fake.reload).not.toHaveBeenCalled()
  })

  it('a failed connect is not reported as the demo failing to start', () => {
    load(makeConnection({ firstRun: true }))
    useMonitor.setState({ workspaceSwitch: { state: 'error', target: 'live', error: 'FastPix said no' } })
    render(<App />)
    expect(screen.getByTestId('first-run')).toBeTruthy()
    expect(screen.queryByTestId('first-run-error')).toBeNull()
  })

  it('"Connect your FastPix workspace" opens the connect view', async () => {
    load(makeConnection({ firstRun: true }))
    render(<App />)
    const link = screen.getByTestId('first-run-connect') as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe('#/connect')
    fireEvent.click(link)
    await waitFor(() => expect(screen.getByTestId('connect-view')).toBeTruthy())
    expect(screen.getByTestId('connect-form')).toBeTruthy()
    expect(fake.api.useDemo).not.toHaveBeenCalled()
  })
})

describe('connect form', () => {
  beforeEach(() => {
    resetMonitorState()
    fake = fakeWorkspaceApi()
    load(makeConnection())
  })
  afterEach(() => {
    cleanup()
    fake.restore()
  })

  it('keeps secrets in password inputs', () => {
    render(<Connect />)
    expect(input('connect-secret-key').type).toBe('password')
    expect(input('connect-ngrok-authtoken').type).toBe('password')
    expect(input('connect-token-id').type).toBe('text')
  })

  it("shows the core's words for refused credentials and the stream count for good ones", async () => {
    render(<Connect />)
    const result = () => screen.getByTestId('connect-check-result')
    expect(result().dataset.state).toBe('unset')
    type('connect-token-id', 'tok-id')
    type('connect-secret-key', 'wrong-key')
    fireEvent.click(screen.getByTestId('connect-check'))
    await waitFor(() => expect(result().dataset.state).toBe('error'))
    expect(result().textContent).toBe(REFUSED)
    expect(fake.api.testCredentials).toHaveBeenLastCalledWith({
      accessTokenId: 'tok-id',
      secretKey: 'wrong-key',
    })

    type('connect-secret-key', GOOD_SECRET_KEY)
    // Editing the credentials drops the old verdict.
    expect(result().dataset.state).toBe('unset')
    fireEvent.click(screen.getByTestId('connect-check'))
    await waitFor(() => expect(result().dataset.state).toBe('ok'))
    expect(result().textContent).toBe('✓ Connected to FastPix — 7 streams')
  })

  it('refuses empty credentials locally, with words, and asks nothing', () => {
    render(<Connect />)
    type('connect-token-id', '   ')
    fireEvent.click(screen.getByTestId('connect-check'))
    expect(screen.getByTestId('connect-token-id-error').textContent).toContain('Enter the Access Token ID')
    expect(screen.getByTestId('connect-secret-key-error').textContent).toContain('Enter the Secret Key')
    expect(input('connect-token-id').getAttribute('aria-invalid')).toBe('true')
    expect(fake.api.testCredentials).not.toHaveBeenCalled()
    type('connect-token-id', 'tok-id')
    expect(screen.queryByTestId('connect-token-id-error')).toBeNull()
  })

  it('refuses an invalid form with a message per field and sends nothing', () => {
    render(<Connect />)
    type('connect-token-id', 'tok-id')
    type('connect-ngrok-domain', 'https://calm-otter.ngrok.app/')
    submit()
    expect(screen.getByTestId('connect-secret-key-error').textContent).toContain('Enter the Secret Key')
    expect(screen.getByTestId('connect-ngrok-authtoken-error').textContent).toContain('ngrok authtoken')
    expect(screen.getByTestId('connect-ngrok-domain-error').textContent).toContain(
      'A domain like example.ngrok.app, without https://',
    )
    expect(screen.queryByTestId('connect-token-id-error')).toBeNull()
    const alert = screen.getByTestId('connect-error')
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toContain('Nothing was sent')

    fireEvent.click(screen.getByTestId('public-url-own'))
    type('connect-secret-key', 'key')
    type('connect-own-url', 'http://monitor.example.com')
    submit()
    expect(screen.getByTestId('connect-own-url-error').textContent).toContain('An https URL like')
    expect(fake.api.connectWorkspace).not.toHaveBeenCalled()
    expect(fake.reload).not.toHaveBeenCalled()
  })

  it('sends exactly the ngrok ConnectInput, clears the secrets and reloads', async () => {
    render(<Connect />)
    type('connect-token-id', '  tok-id ')
    type('connect-secret-key', 'secret-key')
    type('connect-ngrok-authtoken', 'ngrok-token')
    type('connect-ngrok-domain', 'Calm-Otter.ngrok.app')
    submit()
    await waitFor(() => expect(fake.reload).toHaveBeenCalledTimes(1))
    expect(fake.api.connectWorkspace).toHaveBeenCalledTimes(1)
    expect(fake.api.connectWorkspace.mock.calls[0]![0]).toStrictEqual({
      accessTokenId: 'tok-id',
      secretKey: 'secret-key',
      publicUrl: { mode: 'ngrok', authtoken: 'ngrok-token', domain: 'calm-otter.ngrok.app' },
    })
    expect(input('connect-secret-key').value).toBe('')
    expect(input('connect-ngrok-authtoken').value).toBe('')
  })

  it('leaves the static domain out when none is given', async () => {
    render(<Connect />)
    type('connect-token-id', 'tok-id')
    type('connect-secret-key', 'secret-key')
    type('connect-ngrok-authtoken', 'ngrok-token')
    submit()
    await waitFor(() => expect(fake.api.connectWorkspace).toHaveBeenCalledTimes(1))
    expect(fake.api.connectWorkspace.mock.calls[0]![0]).toStrictEqual({
      accessTokenId: 'tok-id',
      secretKey: 'secret-key',
      publicUrl: { mode: 'ngrok', authtoken: 'ngrok-token' },
    })
  })

  it('sends exactly the own-URL ConnectInput (the origin) and reloads', async () => {
    render(<Connect />)
    type('connect-token-id', 'tok-id')
    type('connect-secret-key', 'secret-key')
    fireEvent.click(screen.getByTestId('public-url-own'))
    expect(screen.queryByTestId('connect-ngrok-authtoken')).toBeNull()
    type('connect-own-url', 'https://monitor.example.com/')
    submit()
    await waitFor(() => expect(fake.reload).toHaveBeenCalledTimes(1))
    expect(fake.api.connectWorkspace.mock.calls[0]![0]).toStrictEqual({
      accessTokenId: 'tok-id',
      secretKey: 'secret-key',
      publicUrl: { mode: 'own', url: 'https://monitor.example.com' },
    })
  })

  it("shows the core's refusal, stays, and keeps every value typed (secrets only in the page's memory)", async () => {
    fake.api.connectWorkspace.mockRejectedValueOnce(
      refusal('ngrok refused the authtoken: it is not valid (ERR_NGROK_105)'),
    )
    render(<Connect />)
    type('connect-token-id', 'tok-id')
    type('connect-secret-key', 'secret-key')
    type('connect-ngrok-authtoken', 'bad-token')
    type('connect-ngrok-domain', 'calm-otter.ngrok.app')
    submit()
    await waitFor(() =>
      expect(screen.getByTestId('connect-error').textContent).toBe(
        'Not connected: ngrok refused the authtoken: it is not valid (ERR_NGROK_105)',
      ),
    )
    expect(fake.reload).not.toHaveBeenCalled()
    expect(input('connect-token-id').value).toBe('tok-id')
    expect(input('connect-secret-key').value).toBe('secret-key')
    expect(input('connect-ngrok-authtoken').value).toBe('bad-token')
    expect(input('connect-ngrok-domain').value).toBe('calm-otter.ngrok.app')
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('secret-key')
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain('secret-key')
    expect(window.location.href).not.toContain('secret-key')

    // Fixing only the wrong field is enough: the rest is still there to send.
    type('connect-ngrok-authtoken', 'good-token')
    submit()
    await waitFor(() => expect(fake.reload).toHaveBeenCalledTimes(1))
    expect(fake.api.connectWorkspace.mock.calls[1]![0]).toStrictEqual({
      accessTokenId: 'tok-id',
      secretKey: 'secret-key',
      publicUrl: { mode: 'ngrok', authtoken: 'good-token', domain: 'calm-otter.ngrok.app' },
    })
    expect(input('connect-secret-key').value).toBe('')
    expect(input('connect-ngrok-authtoken').value).toBe('')
  })

  it('keeps the secrets while the connect call is in flight and after a refused check', async () => {
    let answer: (ok: boolean) => void = () => {}
    fake.api.connectWorkspace.mockImplementationOnce(
      () =>
        new Promise((resolve, reject) => {
          answer = (ok) => (ok ? resolve(makeConnection({ generation: 2 })) : reject(refusal('no')))
        }),
    )
    render(<Connect />)
    type('connect-token-id', 'tok-id')
    type('connect-secret-key', 'wrong-key')
    fireEvent.click(screen.getByTestId('connect-check'))
    await waitFor(() => expect(screen.getByTestId('connect-check-result').dataset.state).toBe('error'))
    expect(input('connect-secret-key').value).toBe('wrong-key')
    fireEvent.click(screen.getByTestId('public-url-own'))
    type('connect-own-url', 'https://monitor.example.com')
    submit()
    await waitFor(() => expect(fake.api.connectWorkspace).toHaveBeenCalledTimes(1))
    expect(input('connect-secret-key').value).toBe('wrong-key')
    answer(false)
    await waitFor(() => expect(screen.getByTestId('connect-error').textContent).toBe('Not connected: no'))
    expect(input('connect-token-id').value).toBe('tok-id')
    expect(input('connect-secret-key').value).toBe('wrong-key')
    expect(input('connect-own-url').value).toBe('https://monitor.example.com')
  })

  it('starts from the public URL choice the core already has', () => {
    cleanup()
    resetMonitorState()
    load(makeConnection({ publicUrl: { mode: 'own', url: 'https://m.example.com' } }))
    render(<Connect />)
    expect(input('public-url-own').checked).toBe(true)
    expect(input('connect-own-url').value).toBe('https://m.example.com')
  })
})
