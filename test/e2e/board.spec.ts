// The board as an operator reads it, driven by signed deliveries to a real `serve`.
import { expect, test } from './fixtures.ts'

const MAIN = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1'
const STUDIO = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2'
const TARGET = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3'
const MAIN_TARGET = 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4'

const live = (name: string, status: string) => ({
  status,
  reconnectWindow: 60,
  metadata: { name },
  streamKey: 'e2e-secret-stream-key-0001',
})

test('a stream goes healthy → down (with countdown) → healthy; a simulcast target stalls', async ({
  page,
  served,
}) => {
  await page.goto(served.dashboardUrl)
  await expect(page.getByTestId('board-empty')).toContainText(served.webhookUrl)
  await expect(page.getByTestId('workspace-health')).toHaveAttribute('data-health', 'empty')

  const now = Date.now()
  expect(
    await served.send({
      type: 'video.live_stream.connected',
      streamId: MAIN,
      at: now - 3000,
      data: live('Main Stage', 'preparing'),
    }),
  ).toBe(202)
  expect(
    await served.send({
      type: 'video.live_stream.active',
      streamId: MAIN,
      at: now - 2000,
      data: live('Main Stage', 'active'),
    }),
  ).toBe(202)

  await served.send({
    type: 'video.live_stream.simulcast_target.broadcasting',
    streamId: MAIN,
    at: now - 1500,
    data: {
      simulcastId: MAIN_TARGET,
      livestreamId: MAIN,
      rtmpUrl: 'rtmps://live-api-s.facebook.com:443/rtmp/FB-e2e-secret-target-key-0001',
    },
  })

  const main = page.locator(`[data-testid="stream-row"][data-stream-id="${MAIN}"]`)
  await expect(main).toHaveAttribute('data-health', 'healthy')
  await expect(main.getByTestId('stream-name')).toContainText('Main Stage')
  await expect(page.getByTestId('workspace-health')).toHaveAttribute('data-health', 'healthy')
  const mainTarget = main.getByTestId('target-chip')
  await expect(mainTarget).toHaveAttribute('data-state', 'broadcasting')
  await expect(mainTarget).toContainText('Facebook')

  // Encoder drops: down, with the reconnect countdown; the tray-equivalent overview turns red.
  await served.send({
    type: 'video.live_stream.disconnected',
    streamId: MAIN,
    at: now - 1000,
    data: live('Main Stage', 'active'),
  })
  await expect(main).toHaveAttribute('data-health', 'down')
  await expect(main.getByTestId('reconnect-countdown')).toBeVisible()
  await expect(main.getByTestId('reconnect-countdown')).toContainText(/\d+ s/)
  await expect(page.getByTestId('workspace-health')).toHaveAttribute('data-health', 'down')
  // Its simulcast target cannot look healthy meanwhile: it waits for the encoder.
  await expect(mainTarget).toHaveAttribute('data-state', 'waiting')
  await expect(mainTarget).toContainText('waiting for encoder')

  // Reconnect inside the window: healthy again.
  await served.send({
    type: 'video.live_stream.connected',
    streamId: MAIN,
    at: now,
    data: live('Main Stage', 'active'),
  })
  await served.send({
    type: 'video.live_stream.active',
    streamId: MAIN,
    at: now + 100,
    data: live('Main Stage', 'active'),
  })
  await expect(main).toHaveAttribute('data-health', 'healthy')
  await expect(main.getByTestId('reconnect-countdown')).toHaveCount(0)
  await expect(mainTarget).toHaveAttribute('data-state', 'broadcasting')

  // A second stream is live for 60 s but its simulcast target never broadcasts: stalled, degraded.
  await served.send({
    type: 'video.live_stream.active',
    streamId: STUDIO,
    at: now - 60_000,
    data: live('Studio B', 'active'),
  })
  await served.send({
    type: 'video.live_stream.simulcast_target.starting',
    streamId: STUDIO,
    at: now - 45_000,
    data: {
      simulcastId: TARGET,
      livestreamId: STUDIO,
      rtmpUrl: 'rtmp://live.twitch.tv/app/live_e2e_secret_key',
      isEnabled: true,
    },
  })
  const studio = page.locator(`[data-testid="stream-row"][data-stream-id="${STUDIO}"]`)
  await expect(studio).toHaveAttribute('data-health', 'degraded')
  await expect(studio.getByTestId('target-chip')).toHaveAttribute('data-state', 'stalled')
  await expect(studio.getByTestId('stream-reason')).toContainText(/stalled/i)
  await expect(page.getByTestId('workspace-health')).toHaveAttribute('data-health', 'degraded')

  // Worst first: the degraded stream is listed above the healthy one.
  const order = await page
    .getByTestId('stream-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stream-id')))
  expect(order.indexOf(STUDIO)).toBeLessThan(order.indexOf(MAIN))
  // Secrets never reach the page.
  expect(await page.content()).not.toContain('e2e-secret-stream-key-0001')
  expect(await page.content()).not.toContain('live_e2e_secret_key')
  expect(await page.content()).not.toContain('FB-e2e-secret-target-key-0001')
})

test.describe('without a signing secret', () => {
  test.use({ serveOptions: { secret: null, demo: false, args: ['--live'] } })

  test('shows the unverified banner with the number of held events', async ({ page, served }) => {
    await page.goto(served.dashboardUrl)
    expect(
      await served.send({
        type: 'video.live_stream.active',
        streamId: MAIN,
        data: live('Main Stage', 'active'),
      }),
    ).toBe(202)
    expect(
      await served.sendUnsigned({
        type: 'video.live_stream.idle',
        streamId: MAIN,
        data: live('Main Stage', 'idle'),
      }),
    ).toBe(202)
    const banner = page.getByTestId('banner-unsigned')
    await expect(banner).toBeVisible()
    await expect(banner).toContainText('2')
    await expect(banner).toContainText(/signing secret not set/i)
  })
})

test('warns about bad signatures', async ({ page, served }) => {
  await page.goto(served.dashboardUrl)
  const res = await fetch(served.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'fastpix-signature': `${'B'.repeat(43)}=` },
    body: JSON.stringify({
      type: 'video.live_stream.active',
      id: 'forged-1',
      object: { type: 'live', id: MAIN },
      data: {},
    }),
  })
  expect(res.status).toBe(401)
  await expect(page.getByTestId('banner-bad-signature')).toBeVisible()
  await expect(page.getByTestId('receiver-rejected')).toContainText('1')
})
