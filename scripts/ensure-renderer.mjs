// Builds the app when it is missing or older than its sources (the same check and
// build as `npm start`), so `npm run serve` works straight after `npm install`.
// Build output goes to stderr: serve's stdout carries exactly one JSON line.
import { build, needsBuild } from './start.mjs'

// FASTPIX_START_NO_BUILD skips the check, as it does for `npm start`.
if (!process.env.FASTPIX_START_NO_BUILD && needsBuild() && !build()) {
  process.stderr.write(
    'serve: could not build the dashboard page; the API still works (see the output above)\n',
  )
}
