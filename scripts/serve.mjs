// `npm run serve`: the Node check, the build when stale, then serve itself in this
// process. The npm script `exec`s this file, so the SIGINT and SIGTERM that npm passes
// on reach serve directly; a SIGHUP to npm (which npm does not pass on) is noticed
// when npm is gone.
import './check-node.mjs'
import './ensure-renderer.mjs'
import { hangUpWithParent } from './start.mjs'

hangUpWithParent()
await import('../src/main/serve/cli.ts')
