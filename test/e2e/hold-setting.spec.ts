// The hold of unsigned deliveries (W10) set from Settings against a real `serve` with no
// signing secret: a lower count limit makes the next unsigned delivery 503 at once, a
// higher one lets deliveries in again, and the value is still there after a reload.
import { join } from 'node:path'
import { expect, test } from './fixtures.ts'

const OUT = join(import.meta.dirname, '../../test-results/screens')

const MAIN = 'e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5'
test.use({ serveOptions: { secret: null, demo: false, args: ['--live'] } })

test('the hold limits are set in Settings and apply to the next delivery', async ({ page, served }) => {
  const unsigned = (n: number) =>
    served.sendUnsigned({ type: 'video.live_stream.active', streamId: MAIN, id: `held-${n}` })

  await page.goto(`${served.dashboardUrl.split('#')[0]}#/settings`)
  const hold = page.getByTestId('settings-hold')
  await expect(hold).toContainText('While no signing secret is set, deliveries are held')
  await expect(page.getByTestId('setting-maxMiB')).toHaveValue('50')
  await expect(page.getByTestId('setting-maxDeliveries')).toHaveValue('10000')
  expect(await unsigned(1)).toBe(202)
  await hold.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(OUT, 'settings-hold-light.png') })

  await page.getByTestId('setting-maxDeliveries').fill('1')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-status')).toHaveText('Saved.')
  expect(await unsigned(2)).toBe(503)

  await page.getByTestId('setting-maxDeliveries').fill('2')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-status')).toHaveText('Saved.')
  expect(await unsigned(2)).toBe(202)
  expect(await unsigned(3)).toBe(503)

  await page.reload()
  await expect(page.getByTestId('setting-maxDeliveries')).toHaveValue('2')
})
