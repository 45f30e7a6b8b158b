// Connecting a real workspace, in Chromium against a real `serve` on first run and
// the fake FastPix REST API (the demo workspace's, with known credentials): the
// first-run choice, a bad credential (refused by Check and by Connect, every value kept),
// then a good one, the own-URL connect, the probe tick, the signing secret releasing
// held deliveries, and the reconciler filling the board from FastPix. A second test
// takes the ngrok path offline (fails fast, clearly).
import { createServer } from 'node:net'
import { join } from 'node:path'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { decodeSigningSecret, sign } from '../../src/main/core/receiver/signature.ts'
import { body, expect, post, SIGNING_SECRET, test } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')
const TOKEN_ID = 'e2e-token-0000-4000-8000-000000000001'
const SECRET_KEY = 'e2e-secret-key-Zq81xYw'
const KEY = decodeSigningSecret(SIGNING_SECRET) as Buffer
const START = Date.now() - 60_000

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise((resolve) => server.close(resolve))
  return port
}

interface FakeFastPix {
  rest: DemoRestServer
  workspace: DemoWorkspace
  webhookPort: number
}

const connectTest = test.extend<{ fastpix: FakeFastPix }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructured first argument
  fastpix: async ({}, use) => {
    // 50 s into the demo plan: nine streams exist, "Main Stage" is live with its targets.
    const plan = buildDemoPlan({ seed: 42, startAt: START, streams: 9 })
    const workspace = applyPlanUntil(new DemoWorkspace(plan), plan, 50_000)
    const rest = await startDemoRest({ state: workspace, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY })
    await use({ rest, workspace, webhookPort: await freePort() })
    await rest.close()
  },
  serveOptions: async ({ fastpix }, use) => {
    await use({
      secret: null,
      demo: false,
      args: ['--fastpix-api-url', fastpix.rest.url, '--webhook-port', String(fastpix.webhookPort)],
    })
  },
})

connectTest(
  'first run → connect with a bad, then a good credential → probe ✓ → signing secret releases held deliveries',
  async ({ page, served, fastpix }) => {
    await page.goto(served.dashboardUrl)
    await expect(page.getByTestId('first-run')).toBeVisible()
    await page.screenshot({ path: join(OUT, 'first-run-light.png'), fullPage: true })
    await page.getByTestId('first-run-connect').click()

    // A wrong Secret Key: FastPix's 401, explained.
    await page.getByTestId('connect-token-id').fill(TOKEN_ID)
    await page.getByTestId('connect-secret-key').fill('not-the-secret-key')
    await page.getByTestId('connect-check').click()
    const result = page.getByTestId('connect-check-result')
    await expect(result).toHaveAttribute('data-state', 'error')
    await expect(result).toContainText('401')

    // Connect anyway: refused in words, and everything typed is still there to correct.
    await page.getByTestId('public-url-own').check()
    await page.getByTestId('connect-own-url').fill('https://monitor.example.com/')
    await page.getByTestId('connect-submit').click()
    await expect(page.getByTestId('connect-error')).toContainText(
      'Not connected: FastPix rejected the Access Token ID or Secret Key (401)',
    )
    await expect(page.getByTestId('connect-token-id')).toHaveValue(TOKEN_ID)
    await expect(page.getByTestId('connect-secret-key')).toHaveValue('not-the-secret-key')
    await expect(page.getByTestId('public-url-own')).toBeChecked()
    await expect(page.getByTestId('connect-own-url')).toHaveValue('https://monitor.example.com/')
    // Kept in the page's memory only: not in storage, not in the URL.
    const kept = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]))
    expect(kept).not.toContain('not-the-secret-key')
    expect(page.url()).not.toContain('not-the-secret-key')

    await page.getByTestId('connect-secret-key').fill(SECRET_KEY)
    await page.getByTestId('connect-check').click()
    await expect(result).toHaveAttribute('data-state', 'ok')
    await expect(result).toContainText(`${fastpix.workspace.list().length} streams`)

    await page.getByTestId('public-url-own').check()
    await page.getByTestId('connect-own-url').fill('https://monitor.example.com/')
    // What the proxy must forward to: the real workspace's receiver (the demo's listens elsewhere).
    await expect(page.getByTestId('connect-form')).toContainText(
      `http://127.0.0.1:${fastpix.webhookPort}/webhooks/fastpix`,
    )
    await page.screenshot({ path: join(OUT, 'connect-light.png'), fullPage: true })
    await page.getByTestId('connect-submit').click()

    // The page reloads into the real workspace: the guided setup, the URL to paste into FastPix.
    const setup = page.getByTestId('guided-setup')
    await expect(setup).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('webhook-public-url')).toHaveText(
      'https://monitor.example.com/webhooks/fastpix',
    )
    await expect(page.getByTestId('probe-state')).toHaveAttribute('data-state', 'waiting')

    // FastPix validates the URL with an unsigned probe, then delivers (signed; held until the secret is set).
    const local = `http://127.0.0.1:${fastpix.webhookPort}/webhooks/fastpix`
    expect(await post(local, '{}', null)).toBe(200)
    await expect(page.getByTestId('probe-state')).toHaveAttribute('data-state', 'received')
    const held = body({
      type: 'video.live_stream.active',
      streamId: 'e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0',
      data: { status: 'active', metadata: { name: 'Held Stage' } },
    })
    expect(await post(local, held, sign(held, KEY))).toBe(202)
    await expect(page.getByTestId('held-deliveries')).toHaveAttribute('data-count', '1')
    await page.screenshot({ path: join(OUT, 'guided-setup-light.png'), fullPage: true })

    await page.getByTestId('signing-secret').fill(SIGNING_SECRET)
    await page.getByTestId('signing-secret-save').click()
    await expect(page.getByTestId('release-result')).toContainText('1 held delivery')
    await expect(page.getByTestId('signing-secret-done')).toBeVisible()

    // The board: the released stream, and the workspace's streams read from FastPix by the reconciler.
    await page.getByRole('navigation').getByRole('link', { name: 'Streams', exact: true }).click()
    await expect(
      page.locator('[data-testid="stream-row"][data-stream-id="e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0"]'),
    ).toBeVisible()
    await expect(page.getByTestId('stream-row')).toHaveCount(fastpix.workspace.list().length + 1)
    await expect(page.getByTestId('first-run')).toHaveCount(0)

    // An operator action from the stream's page, confirmed: FastPix (the fake) disables the stream
    // and the page follows at once, the change marked as read from FastPix.
    const main = fastpix.workspace.list().find((s) => s.def.name === 'Main Stage')!
    await page
      .locator(`[data-testid="stream-row"][data-stream-id="${main.def.id}"]`)
      .getByTestId('stream-name')
      .click()
    await page.getByTestId('action-disable').click()
    await expect(page.getByTestId('action-confirm')).toContainText('No encoder can publish to Main Stage')
    await page.screenshot({ path: join(OUT, 'stream-action-light.png'), fullPage: true })
    await page.getByTestId('action-confirm-yes').click()
    await expect(page.getByTestId('detail-status')).toContainText('disabled')
    expect(fastpix.workspace.get(main.def.id)?.status).toBe('disabled')
    await expect(page.getByTestId('action-enable')).toBeVisible()
  },
)

connectTest(
  'the ngrok path offline: the tunnel fails fast with a clear status; the receiver keeps working',
  async ({ page, served, fastpix }) => {
    await page.goto(served.dashboardUrl)
    await page.getByTestId('first-run-connect').click()
    await page.getByTestId('connect-token-id').fill(TOKEN_ID)
    await page.getByTestId('connect-secret-key').fill(SECRET_KEY)
    await page.getByTestId('public-url-ngrok').check()
    await page.getByTestId('connect-ngrok-authtoken').fill('2abcdefghijklmnopqrstuvwxyz_0123456789ABCDEFGH')
    await page.getByTestId('connect-submit').click()

    const tunnel = page.getByTestId('tunnel-state')
    await expect(tunnel).toBeVisible({ timeout: 15_000 })
    await expect(tunnel).toHaveAttribute('data-state', /^(offline|error)$/, { timeout: 20_000 })
    await expect(tunnel).toContainText(/ngrok/)
    await page.screenshot({ path: join(OUT, 'tunnel-offline-light.png'), fullPage: true })
    // The local receiver still answers FastPix's probe.
    expect(await post(`http://127.0.0.1:${fastpix.webhookPort}/webhooks/fastpix`, '{}', null)).toBe(200)
    await expect(page.getByTestId('probe-state')).toHaveAttribute('data-state', 'received')
  },
)
