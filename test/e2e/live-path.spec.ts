// The real workspace's live path in Chromium against a real `serve`, started from flags and
// the environment as an operator would: FastPix (the fake) rejecting the access token
// mid-run, shown on the board and the connect page, fixed by entering the new Secret Key;
// and the empty board with no public URL (none set up, ngrok offline) offering only a
// labelled local address. Screenshots in test-results/screens/.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect } from '@playwright/test'
import { buildDemoPlan } from '../../src/main/core/demo/plan.ts'
import { type DemoRestServer, startDemoRest } from '../../src/main/core/demo/rest.ts'
import { applyPlanUntil, DemoWorkspace } from '../../src/main/core/demo/workspace.ts'
import { type ServeChild, spawnServe } from '../support/serve.ts'
import { SIGNING_SECRET } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')
const TOKEN_ID = 'e2e-token-0000-4000-8000-000000000002'
const SECRET_KEY = 'e2e-secret-key-Kp42aQz'
const ROTATED = 'e2e-rotated-key-Vb17cWx'

interface Live {
  /** Starts `serve` with these flags and environment; stopped after the test. */
  serve(args: string[], env?: NodeJS.ProcessEnv): Promise<ServeChild['line']>
}

const test = base.extend<{ live: Live; fastpix: { rest: DemoRestServer; workspace: DemoWorkspace } }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructured first argument
  live: async ({}, use) => {
    const started: { child: ServeChild; dir: string }[] = []
    await use({
      async serve(args, env = {}) {
        const dir = await mkdtemp(join(tmpdir(), 'fpm-e2e-live-'))
        const child = await spawnServe(
          ['--data-dir', dir, '--webhook-port', '0', '--port', '0', ...args],
          // Nothing of the machine running the tests leaks in.
          {
            FASTPIX_WEBHOOK_SECRET: undefined,
            FASTPIX_ACCESS_TOKEN_ID: undefined,
            FASTPIX_SECRET_KEY: undefined,
            NGROK_AUTHTOKEN: undefined,
            ...env,
          },
        )
        started.push({ child, dir })
        return child.line
      },
    })
    for (const { child, dir } of started) {
      child.child.kill('SIGTERM')
      await child.exited
      await rm(dir, { recursive: true, force: true })
    }
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructured first argument
  fastpix: async ({}, use) => {
    const plan = buildDemoPlan({ seed: 42, startAt: Date.now() - 60_000, streams: 9 })
    const workspace = applyPlanUntil(new DemoWorkspace(plan), plan, 50_000)
    const rest = await startDemoRest({ state: workspace, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY })
    await use({ rest, workspace })
    await rest.close()
  },
})

test('FastPix rejects the access token mid-run: the board and the connect page say so; the new key fixes it', async ({
  page,
  live,
  fastpix,
}) => {
  const served = await live.serve(
    ['--fastpix-api-url', fastpix.rest.url, '--public-url', 'https://monitor.example.com'],
    {
      FASTPIX_ACCESS_TOKEN_ID: TOKEN_ID,
      FASTPIX_SECRET_KEY: SECRET_KEY,
      FASTPIX_WEBHOOK_SECRET: SIGNING_SECRET,
    },
  )
  await page.goto(served.dashboardUrl)
  // The reconciler fills the board from FastPix.
  await expect(page.getByTestId('stream-row')).toHaveCount(fastpix.workspace.list().length)
  await expect(page.getByTestId('banner-credentials')).toHaveCount(0)

  // The key is rotated in the FastPix dashboard; the next call (here: "Reconcile now") is refused.
  fastpix.rest.setCredentials({ accessTokenId: TOKEN_ID, secretKey: ROTATED })
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click()
  await page.getByTestId('reconcile-now').click()
  await expect(page.getByTestId('workspace-credentials')).toHaveAttribute('data-rejected', '401')
  await page.getByRole('navigation').getByRole('link', { name: 'Streams', exact: true }).click()
  const banner = page.getByTestId('banner-credentials')
  await expect(banner).toBeVisible()
  await expect(banner).toContainText('FastPix rejected the access token')
  await expect(banner).toContainText('(401, while reading your streams')
  await expect(page.getByTestId('stream-row').first()).toBeVisible()
  await page.screenshot({ path: join(OUT, 'credentials-rejected-board-light.png'), fullPage: true })

  // The banner's link: the connect page, the notice above the open form.
  await banner.getByTestId('banner-credentials-fix').click()
  await expect(page.getByTestId('connect-rejected')).toContainText('Access Token ID ending 0002')
  await expect(page.getByTestId('banner-credentials')).toHaveCount(0)
  await expect(page.getByTestId('connect-form')).toBeVisible()
  await page.screenshot({ path: join(OUT, 'credentials-rejected-connect-light.png'), fullPage: true })

  await page.getByTestId('connect-token-id').fill(TOKEN_ID)
  await page.getByTestId('connect-secret-key').fill(ROTATED)
  await page.getByTestId('public-url-own').check()
  await page.getByTestId('connect-own-url').fill('https://monitor.example.com')
  await page.getByTestId('connect-submit').click()
  // The workspace restarts with the new key (the page reloads into it): nothing refused any more.
  await expect(page.getByTestId('guided-setup')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('connect-rejected')).toHaveCount(0)
  await page.getByRole('navigation').getByRole('link', { name: 'Streams', exact: true }).click()
  await expect(page.getByTestId('stream-row')).toHaveCount(fastpix.workspace.list().length)
  await expect(page.getByTestId('banner-credentials')).toHaveCount(0)
})

test('no public URL (none set up): the empty board says so and labels the local receiver', async ({
  page,
  live,
}) => {
  const served = await live.serve(['--live'])
  await page.goto(served.dashboardUrl)
  const board = page.getByTestId('board-empty')
  await expect(board).toHaveAttribute('data-public-url', 'none')
  await expect(board.getByRole('heading')).toHaveText('No public URL yet — FastPix cannot reach this monitor')
  await expect(page.getByTestId('board-no-public-url')).toHaveAttribute('data-reason', 'not-set')
  await expect(page.getByTestId('board-local-url')).toContainText(served.webhookUrl)
  await expect(page.getByTestId('board-local-url').getByTestId('local-tag')).toHaveText('local')
  await expect(page.getByTestId('webhook-no-public-url')).toHaveText('no public URL yet')
  await page.screenshot({ path: join(OUT, 'no-public-url-board-light.png'), fullPage: true })
  await page.getByRole('link', { name: 'Set up ngrok or your own URL' }).click()
  await expect(page.getByTestId('connect-form')).toBeVisible()
})

test('no public URL (ngrok offline): the board says why, the guided setup too', async ({ page, live }) => {
  const served = await live.serve(['--live'], {
    NGROK_AUTHTOKEN: '2abcdefghijklmnopqrstuvwxyz_0123456789ABCDEFGH',
  })
  await page.goto(served.dashboardUrl)
  const why = page.getByTestId('board-no-public-url')
  await expect(why).toHaveAttribute('data-reason', /^(offline|error)$/, { timeout: 20_000 })
  await expect(why).toContainText(/ngrok/)
  await expect(page.getByTestId('board-local-url').getByTestId('local-tag')).toBeVisible()
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(OUT, 'no-public-url-ngrok-offline-dark.png'), fullPage: true })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('board-empty-setup').click()
  await expect(page.getByTestId('webhook-public-url-pending')).toContainText('No public URL yet')
  await expect(page.getByTestId('webhook-local-url').getByTestId('local-tag')).toBeVisible()
  await expect(page.getByTestId('tunnel-state')).toHaveAttribute('data-state', /^(offline|error)$/)
  await page.screenshot({ path: join(OUT, 'no-public-url-setup-light.png'), fullPage: true })
})
