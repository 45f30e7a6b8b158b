// Builds the dashboard page when it is missing or older than its sources, so
// `npm run serve` works straight after `npm install`. Build output goes to stderr:
// serve's stdout carries exactly one JSON line.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const built = join(root, 'out/renderer/index.html')

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

const sources = Math.max(newest(join(root, 'src/renderer')), newest(join(root, 'src/shared')))
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stderr.write('Building the dashboard page (once)…\n')
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    },
  )
  if (result.status !== 0) {
    process.stderr.write(
      'serve: could not build the dashboard page; the API still works (see the output above)\n',
    )
  }
}
