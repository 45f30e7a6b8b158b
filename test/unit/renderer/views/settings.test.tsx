// @vitest-environment happy-dom
// The Settings page's monitor settings: the hold of unsigned deliveries beside
// retention, with what it is for; values checked in words before they are sent, and
// the core's answer (saved values or its refusal) shown.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Settings } from '../../../../src/renderer/src/views/Settings.tsx'
import type { MonitorSettings, SettingsPatch } from '../../../../src/shared/api.ts'
import { makeSnapshot } from '../fixtures.ts'
import { fakeWorkspaceApi, refusal } from '../workspace-api.ts'

let fake: ReturnType<typeof fakeWorkspaceApi>
let current: MonitorSettings
const updateSettings = vi.fn(async (patch: SettingsPatch): Promise<MonitorSettings> => {
  current = {
    thresholds: { ...current.thresholds, ...patch.thresholds },
    retention: { ...current.retention, ...patch.retention },
    hold: { ...current.hold, ...patch.hold },
  }
  return current
})

const input = (key: string) => screen.getByTestId(`setting-${key}`) as HTMLInputElement
const type = (key: string, value: string) => fireEvent.change(input(key), { target: { value } })

beforeEach(() => {
  resetMonitorState()
  updateSettings.mockClear()
  fake = fakeWorkspaceApi({ updateSettings })
  const snapshot = makeSnapshot([])
  current = snapshot.settings
  useMonitor.getState().applySnapshot(snapshot)
})
afterEach(() => {
  cleanup()
  fake.restore()
})

describe('hold of unsigned deliveries in Settings', () => {
  it('shows both limits beside retention, with what they are for', () => {
    render(<Settings />)
    expect(input('maxMiB').value).toBe('50')
    expect(input('maxDeliveries').value).toBe('10000')
    const section = screen.getByTestId('settings-hold')
    expect(section.querySelector('h2')?.textContent).toBe('Hold of unsigned deliveries')
    expect(screen.getByTestId('settings-hold-hint').textContent).toBe(
      'While no signing secret is set, deliveries are held (encrypted) up to these limits until the secret can verify them; past them FastPix is told to retry later (503 with Retry-After).',
    )
    // Retention comes right before it.
    const retention = screen.getByTestId('settings-retention')
    expect(retention.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(section.textContent).toContain('Hold size limit')
    expect(section.textContent).toContain('MiB')
    expect(section.textContent).toContain('Hold count limit')
    expect(section.textContent).toContain('deliveries')
  })

  it('saves changed limits through updateSettings and shows the saved values', async () => {
    render(<Settings />)
    type('maxMiB', '20')
    type('maxDeliveries', '500')
    fireEvent.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(screen.getByTestId('settings-status').textContent).toBe('Saved.'))
    expect(updateSettings).toHaveBeenCalledTimes(1)
    expect(updateSettings.mock.calls[0]?.[0]).toMatchObject({ hold: { maxMiB: 20, maxDeliveries: 500 } })
    expect(useMonitor.getState().settings?.hold).toEqual({ maxMiB: 20, maxDeliveries: 500 })
    await waitFor(() => expect(input('maxMiB').value).toBe('20'))
  })

  it('refuses a value out of range in words, sending nothing', () => {
    render(<Settings />)
    // The browser checks the range too (and says so itself); the form's own check is the one tested here.
    expect([input('maxMiB').min, input('maxMiB').max]).toEqual(['1', '4096'])
    expect([input('maxDeliveries').min, input('maxDeliveries').max]).toEqual(['1', '1000000'])
    const submit = () =>
      fireEvent.submit(screen.getByTestId('settings-save').closest('form') as HTMLFormElement)
    type('maxMiB', '0')
    submit()
    expect(screen.getByTestId('settings-status').textContent).toBe(
      'Hold size limit: a whole number from 1 to 4096',
    )
    type('maxMiB', '50')
    type('maxDeliveries', '1.5')
    submit()
    expect(screen.getByTestId('settings-status').textContent).toBe(
      'Hold count limit: a whole number from 1 to 1000000',
    )
    expect(updateSettings).not.toHaveBeenCalled()
  })

  it('shows the core refusing a value', async () => {
    updateSettings.mockRejectedValueOnce(
      refusal('hold.maxDeliveries: must be a whole number of deliveries from 1 to 1,000,000'),
    )
    render(<Settings />)
    type('maxDeliveries', '7')
    fireEvent.click(screen.getByTestId('settings-save'))
    await waitFor(() =>
      expect(screen.getByTestId('settings-status').textContent).toBe(
        'Not saved: hold.maxDeliveries: must be a whole number of deliveries from 1 to 1,000,000',
      ),
    )
    expect(input('maxDeliveries').value).toBe('7')
  })
})
