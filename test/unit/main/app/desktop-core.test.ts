// The core as the desktop app hosts it (plain Node, real listener, real store):
// demo workspace in the serve layout, first stream arrives, a clean stop.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type DesktopCore, startDesktopCore } from '../../../../src/main/app/desktop-core.ts'
import { DEFAULT_SETTINGS } from '../../../../src/main/core/config/settings-file.ts'
import { silentLog } from './fakes.ts'

let core: DesktopCore | null = null
let dir = ''
afterEach(async () => {
  await core?.stop()
  core = null
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('desktop core', () => {
  it('runs the demo in <userData>/workspaces/demo on a loopback port and shows its first stream', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-core-'))
    const saved = vi.fn()
    core = await startDesktopCore({
      dataDir: dir,
      demo: true,
      signingSecret: null,
      settings: DEFAULT_SETTINGS,
      onSettingsChanged: saved,
      webhookPort: 8790,
      log: silentLog,
      demoSeed: 11,
    })
    expect(core.dataDir).toBe(join(dir, 'workspaces', 'demo'))
    expect(existsSync(join(dir, 'workspaces', 'demo', 'monitor.sqlite'))).toBe(true)
    expect(core.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/fastpix$/)
    expect(core.webhookUrl).not.toContain(':8790/')
    const receiver = await core.monitor.api.getReceiver()
    expect(receiver).toMatchObject({ demo: true, signingSecretSet: true })
    await vi.waitFor(
      async () => expect((await core!.monitor.api.getSnapshot()).streams.length).toBeGreaterThan(0),
      {
        timeout: 20_000,
        interval: 100,
      },
    )
    await core.monitor.api.updateSettings({ retention: { maxAgeDays: 9 } })
    expect(saved).toHaveBeenCalledWith(
      expect.objectContaining({ retention: { maxAgeDays: 9, maxEvents: 1_000_000 } }),
    )
  })

  it('stop closes the listener (the port is released)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fpm-core-'))
    core = await startDesktopCore({
      dataDir: dir,
      demo: false,
      signingSecret: null,
      settings: DEFAULT_SETTINGS,
      onSettingsChanged: () => {},
      webhookPort: 0,
      log: silentLog,
    })
    const url = core.webhookUrl
    await core.stop()
    core = null
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow()
  })
})
