// The core as the desktop app hosts it (plain Node, real listener, real store): a first
// run shows the demo in the serve layout with the choice offered, a saved real workspace
// starts on its own port, and stop releases it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type DesktopCore, startDesktopCore } from '../../../../src/main/app/desktop-core.ts'
import { DEFAULT_SETTINGS } from '../../../../src/main/core/config/settings-file.ts'
import { memoryConfigFile } from '../../../../src/main/core/workspace/config.ts'
import { silentLog } from './fakes.ts'

let core: DesktopCore | null = null
let dir = ''
afterEach(async () => {
  await core?.stop()
  core = null
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('desktop core', () => {
  it('first run: the demo in <userData>/workspaces/demo on a free loopback port, the choice offered', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-core-'))
    const saved = vi.fn()
    core = await startDesktopCore({
      dataDir: dir,
      store: memoryConfigFile(),
      settings: DEFAULT_SETTINGS,
      onSettingsChanged: saved,
      webhookPort: 8790,
      log: silentLog,
      demoSeed: 11,
    })
    expect(existsSync(join(dir, 'workspaces', 'demo', 'monitor.sqlite'))).toBe(true)
    const session = core.controller.session()
    expect(session.localWebhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/fastpix$/)
    expect(session.localWebhookUrl).not.toContain(':8790/')
    expect(await core.api.getWorkspaceStatus()).toMatchObject({ mode: 'demo', firstRun: true })
    const receiver = await core.api.getReceiver()
    expect(receiver).toMatchObject({ demo: true, signingSecretSet: true })
    await vi.waitFor(async () => expect((await core!.api.getSnapshot()).streams.length).toBeGreaterThan(0), {
      timeout: 20_000,
      interval: 100,
    })
    await core.api.updateSettings({ retention: { maxAgeDays: 9 } })
    expect(saved).toHaveBeenCalledWith(
      expect.objectContaining({ retention: { maxAgeDays: 9, maxEvents: 1_000_000 } }),
    )
  })

  it('a switch starts the next workspace with the settings, pause and mutes saved since the start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-core-'))
    const onSaved = vi.fn()
    core = await startDesktopCore({
      dataDir: dir,
      store: memoryConfigFile({ mode: 'live' }),
      settings: DEFAULT_SETTINGS,
      onSettingsChanged: () => {},
      notifications: { onSaved },
      webhookPort: 0,
      log: silentLog,
      demoSeed: 11,
    })
    await core.api.updateSettings({ retention: { maxAgeDays: 9 } })
    await core.api.pauseNotifications('indefinitely')
    await core.api.muteStream('stream-1', '1h')
    expect(onSaved).toHaveBeenCalled()

    await core.api.useDemo()
    expect(core.controller.session().mode).toBe('demo')
    const snapshot = await core.api.getSnapshot()
    expect(snapshot.settings.retention.maxAgeDays).toBe(9)
    expect(snapshot.notifications.pausedUntil).toBe('indefinitely')
    expect(Object.keys(snapshot.notifications.mutes)).toEqual(['stream-1'])
  })

  it('a saved real workspace starts on the configured port; stop releases it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-core-'))
    core = await startDesktopCore({
      dataDir: dir,
      store: memoryConfigFile({ mode: 'live' }),
      settings: DEFAULT_SETTINGS,
      onSettingsChanged: () => {},
      webhookPort: 0,
      log: silentLog,
    })
    expect(await core.api.getWorkspaceStatus()).toMatchObject({ mode: 'live', firstRun: false })
    expect(existsSync(join(dir, 'workspaces', 'live', 'monitor.sqlite'))).toBe(true)
    const url = core.controller.session().localWebhookUrl
    await core.stop()
    core = null
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow()
  })
})
