// The event log as an operator uses it, against a real `serve` fed with signed deliveries.
import { join } from 'node:path'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { body, type Delivery, expect, type Served, test } from './fixtures.ts'

const MAIN = 'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1'
const LOBBY = 'f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2'
const STREAM_KEY = 'sk-live-e2e-SUPERSECRET-4242'
const OUT = join(import.meta.dirname, '../../test-results/screens')

const data = (name: string, status: string, extra: Record<string, unknown> = {}) => ({
  status,
  reconnectWindow: 60,
  metadata: { name, ...extra },
  streamKey: STREAM_KEY,
})

async function sendAll(served: Served, deliveries: Delivery[]): Promise<void> {
  // One by one: the log's order is the order of arrival.
  for (const d of deliveries) expect(await served.send(d)).toBe(202)
}

function script(now: number): Delivery[] {
  return [
    {
      type: 'video.live_stream.preparing',
      streamId: MAIN,
      at: now - 5000,
      data: data('Main Stage', 'preparing'),
    },
    { type: 'video.live_stream.active', streamId: MAIN, at: now - 4000, data: data('Main Stage', 'active') },
    {
      type: 'video.live_stream.active',
      streamId: LOBBY,
      at: now - 3000,
      data: data('Lobby Cam', 'active', { region: 'antarctica-7' }),
    },
    {
      type: 'video.live_stream.recording',
      streamId: MAIN,
      at: now - 2000,
      data: data('Main Stage', 'active'),
    },
    {
      type: 'video.live_stream.disconnected',
      streamId: LOBBY,
      at: now - 1000,
      data: data('Lobby Cam', 'active'),
    },
  ]
}

test('filters the log by type and by stream, and searches inside payloads', async ({ page, served }) => {
  const rows = page.getByTestId('event-row')
  await sendAll(served, script(Date.now()))
  await page.goto(`${served.dashboardUrl}#/events`)
  await expect(rows).toHaveCount(5)
  await expect(rows.first()).toHaveAttribute('data-event-type', 'video.live_stream.disconnected')

  await page.getByTestId('event-filter-stream').selectOption({ label: 'Lobby Cam' })
  await expect(rows).toHaveCount(2)
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-stream-id', LOBBY)

  await page.getByTestId('event-filter-stream').selectOption({ label: 'All streams' })
  await expect(rows).toHaveCount(5)
  await page.getByTestId('event-filter-type').locator('summary').click()
  await page.getByRole('checkbox', { name: 'active', exact: true }).check()
  await page.keyboard.press('Escape')
  await expect(rows).toHaveCount(2)
  for (const row of await rows.all())
    await expect(row).toHaveAttribute('data-event-type', 'video.live_stream.active')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows).toHaveCount(5)

  // `/` focuses the search; the match is a metadata value inside one payload.
  await page.locator('body').press('/')
  await expect(page.getByTestId('event-search')).toBeFocused()
  await page.keyboard.type('ANTARCTICA-7')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-stream-id', LOBBY)
  await expect(rows.first()).toHaveAttribute('data-event-type', 'video.live_stream.active')
})

test('the detail shows the redacted JSON, the delivery facts and the diff against the previous event', async ({
  page,
  served,
}) => {
  await sendAll(served, script(Date.now()))
  await page.goto(`${served.dashboardUrl}#/events`)
  const active = page
    .locator(`[data-testid="event-row"][data-stream-id="${MAIN}"]`)
    .filter({ hasText: 'active' })
  await active.click()

  const detail = page.getByTestId('event-detail')
  await expect(detail).toBeVisible()
  const json = detail.getByTestId('event-json')
  await expect(json.locator('[data-path="data.streamKey"]')).toContainText('[redacted]')
  await expect(json.locator('[data-path="data.metadata.name"]')).toContainText('"Main Stage"')
  await expect(detail.getByTestId('event-signature')).toHaveAttribute('data-verification', 'verified')
  await expect(detail.getByTestId('event-deliveries')).toHaveText('once')
  await expect(detail.getByTestId('event-age')).toHaveText(/^\d+(\.\d)? m?s$/)

  const diff = detail.getByTestId('event-diff')
  await expect(diff).toHaveAttribute('data-state', 'ready')
  const status = diff.locator('[data-path="data.status"]')
  await expect(status).toHaveAttribute('data-kind', 'changed')
  await expect(status).toContainText('"preparing"')
  await expect(status).toContainText('"active"')
  await expect(diff.locator('[data-path="type"]')).toHaveAttribute('data-kind', 'changed')
  await expect(diff.locator('[data-path="data.streamKey"]')).toHaveCount(0)
  await expect(json.locator('[data-path="data.status"]')).toHaveClass(/jt-mark-changed/)

  // The secret never reaches the page, whatever is expanded.
  await detail.getByRole('button', { name: 'Expand all' }).click()
  expect(await page.content()).not.toContain(STREAM_KEY)

  // Keyboard: Esc closes, arrows move, Enter opens.
  await page.keyboard.press('Escape')
  await expect(detail).toHaveCount(0)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(detail).toHaveAttribute('data-event-id', /.+/)
})

test('following live shows new events on top; paused, it counts them', async ({ page, served }) => {
  const rows = page.getByTestId('event-row')
  await sendAll(served, script(Date.now()).slice(0, 2))
  await page.goto(`${served.dashboardUrl}#/events`)
  await expect(rows).toHaveCount(2)
  const follow = page.getByTestId('event-follow')
  await expect(follow).toHaveAttribute('aria-pressed', 'true')

  await served.send({
    type: 'video.live_stream.idle',
    streamId: MAIN,
    id: 'live-1',
    data: data('Main Stage', 'idle'),
  })
  await expect(rows.first()).toHaveAttribute('data-event-id', 'live-1')

  await follow.click()
  await expect(follow).toHaveAttribute('aria-pressed', 'false')
  await served.send({
    type: 'video.live_stream.deleted',
    streamId: MAIN,
    id: 'live-2',
    data: data('Main Stage', 'idle'),
  })
  await expect(page.getByTestId('event-new-count')).toHaveText(/1 new event/)
  await expect(page.locator('[data-event-id="live-2"]')).toHaveCount(0)
  await page.getByTestId('event-new-count').click()
  await expect(rows.first()).toHaveAttribute('data-event-id', 'live-2')
  await expect(follow).toHaveAttribute('aria-pressed', 'true')
})

test('a delivery with a wrong signature is listed in the Rejected view and opens to its detail', async ({
  page,
  served,
}) => {
  await page.goto(`${served.dashboardUrl}#/events`)
  await expect(page.getByTestId('event-empty')).toContainText('No deliveries yet')

  const wrongKey = decodeSigningSecret(
    Buffer.from('not-the-secret-0123456789abcdefgh').toString('base64'),
  ) as Buffer
  const payload = body({
    type: 'video.live_stream.active',
    streamId: MAIN,
    data: data('Main Stage', 'active'),
  })
  const signature = sign(payload, wrongKey)
  const res = await fetch(served.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'fastpix-signature': signature,
      authorization: 'Bearer e2e-bearer-SECRET-token',
      'user-agent': 'e2e-sender/1.0',
    },
    body: payload,
  })
  expect(res.status).toBe(401)

  await expect(page.getByTestId('event-rejected-link')).toContainText('(1)')
  await page.getByTestId('event-rejected-link').click()
  const row = page.getByTestId('rejected-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('signature mismatch')
  await expect(row).toContainText('401')
  expect(await page.content()).not.toContain(STREAM_KEY)

  // The row opens to its detail from the keyboard (its link, Enter) and is linkable.
  await row.getByTestId('rejected-open').focus()
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('rejected-detail')
  await expect(detail).toBeVisible()
  expect(page.url()).toMatch(/#\/rejected\/\d+$/)
  await expect(detail.getByTestId('rejected-reason')).toHaveText('signature mismatch')
  await expect(detail.getByTestId('rejected-status')).toHaveText('401 Unauthorized')
  await expect(detail.getByTestId('rejected-advice')).toContainText(
    "Check that the signing secret in Settings matches the webhook's in FastPix",
  )
  const headers = detail.getByTestId('rejected-headers')
  await expect(headers).toContainText('e2e-sender/1.0')
  await expect(headers.locator('tr', { hasText: 'fastpix-signature' })).toContainText('[redacted]')
  await expect(headers.locator('tr', { hasText: 'authorization' })).toContainText('[redacted]')
  await expect(detail.getByTestId('rejected-preview')).toContainText('Main Stage')
  const html = await page.content()
  for (const secret of [signature, STREAM_KEY, 'e2e-bearer-SECRET-token']) expect(html).not.toContain(secret)
  await page.screenshot({ path: join(OUT, 'rejected-detail-light.png'), fullPage: true })

  // Reloading the link shows the same delivery; Esc goes back to the list, on its row.
  await page.reload()
  await expect(detail.getByTestId('rejected-reason')).toHaveText('signature mismatch')
  await page.keyboard.press('Escape')
  await expect(detail).toHaveCount(0)
  await expect(row.getByTestId('rejected-open')).toBeFocused()
  await page.screenshot({ path: join(OUT, 'rejected-list-light.png'), fullPage: true })

  // A delivery that is not JSON at all: its own words.
  const form = await fetch(served.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=1&b=2',
  })
  expect(form.status).toBe(415)
  await expect(row).toHaveCount(2)
  await row.first().click()
  await expect(detail.getByTestId('rejected-status')).toHaveText('415 Unsupported Media Type')
  await expect(detail.getByTestId('rejected-advice')).toContainText('Content-Type: application/json')
})
