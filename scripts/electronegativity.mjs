// S4: @doyensec/electronegativity over src/, as part of `npm run lint`. The tool
// exits 0 whatever it finds, so its findings are read here: any HIGH finding not in
// scripts/electronegativity-allowlist.json (each entry says why) fails the lint, and
// so does a file it could not parse (a scan that skipped files proves nothing).
// Offline by design: its two network look-ups (translation updates, Electron's
// release list) are switched off before it loads.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(import.meta.dirname, '..')
const ALLOWLIST = join(import.meta.dirname, 'electronegativity-allowlist.json')
/** Needs the network (Electron's release list); our Electron version is pinned in package.json instead. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

function loadRunner() {
  const require = createRequire(join(ROOT, 'package.json'))
  const runnerPath = require.resolve('@doyensec/electronegativity/dist/runner.js')
  // Its HTTP client, replaced by one that fails at once: no request leaves the machine.
  const gotPath = createRequire(runnerPath).resolve('got')
  const offline = () => Promise.reject(new Error('network disabled for the lint'))
  offline.head = offline
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline }
  return require(runnerPath)
}

function electronVersion() {
  const require = createRequire(join(ROOT, 'package.json'))
  return require('electron/package.json').version
}

/** Runs the scanner over `input`; returns its findings and the files it could not parse. */
export async function scan(input) {
  const run = loadRunner()
  process.env.LANG = 'en-US'
  const log = console.log
  console.log = () => {} // its progress chatter; the findings are returned, not printed
  try {
    const result = await run(
      {
        input,
        isRelative: true,
        isVerbose: false,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS,
        electronVersionOverride: electronVersion(),
        parserPlugins: [],
      },
      false,
    )
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file.split('\\').join('/'),
      line: issue.location?.line ?? 0,
      manualReview: Boolean(issue.manualReview),
      description: issue.description,
    }))
    const errors = result.errors
      .filter((e) => !e.tolerable)
      .map((e) => ({ file: relative(input, e.file), message: e.message }))
    return { findings, errors, checks: result.globalChecks + result.atomicChecks }
  } finally {
    console.log = log
  }
}

/** An allowlist entry matches a finding by check id and file (relative to the scanned folder). */
export function evaluate(findings, allowlist) {
  const allowed = (f) => allowlist.find((a) => a.id === f.id && a.file === f.file)
  const blocking = findings.filter((f) => f.severity === 'HIGH' && !allowed(f))
  const unused = allowlist.filter((a) => !findings.some((f) => f.id === a.id && f.file === a.file))
  return { blocking, unused }
}

export function readAllowlist(file = ALLOWLIST) {
  const entries = JSON.parse(readFileSync(file, 'utf8'))
  for (const entry of entries) {
    if (!entry.id || !entry.file || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      throw new Error(`${relative(ROOT, file)}: every entry needs id, file and a reason that explains it`)
    }
  }
  return entries
}

async function main() {
  const input = join(ROOT, 'src')
  const { findings, errors, checks } = await scan(input)
  const allowlist = readAllowlist()
  const { blocking, unused } = evaluate(findings, allowlist)
  const explained = (f) => allowlist.some((a) => a.id === f.id && a.file === f.file)
  const counts = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'].map(
    (s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase()}`,
  )
  console.log(
    `electronegativity: ${checks} checks over src/: ${counts.join(', ')}; ${blocking.length} unexplained high`,
  )
  for (const f of findings) {
    const mark = blocking.includes(f) ? '✗' : '·'
    const note = explained(f) ? ' (explained in the allowlist)' : f.manualReview ? ' (review)' : ''
    console.log(`  ${mark} ${f.severity.padEnd(6)} ${f.id} ${f.file}:${f.line}${note}`)
  }
  for (const a of unused) console.log(`  ! allowlist entry matches nothing now: ${a.id} ${a.file}`)
  for (const e of errors) console.log(`  ✗ could not parse ${e.file}: ${e.message}`)
  if (blocking.length > 0 || errors.length > 0) process.exit(1)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`electronegativity: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
