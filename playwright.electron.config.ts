import { defineConfig } from '@playwright/test'

// The desktop app through Playwright's _electron: `npm run test:electron`. The spec
// finds the Electron binary itself and skips, saying why, where there is none.
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'off' },
})
