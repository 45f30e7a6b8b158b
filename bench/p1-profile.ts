// Profiling aid for P1 (not part of `npm run bench`): the real ingest path under the
// same closed-loop load, with the per-stage account on, in this process, so a CPU
// profile covers the receiver's main thread and the store's threads. Run it with:
//   npx node --cpu-prof --cpu-prof-dir=.scratch bench/p1-profile.ts [seconds] [connections]
// and open the .cpuprofile files in Chrome DevTools (Performance → Load profile).
import { ingestStages } from '../src/main/core/perf/stages.ts'
import { KEY_HEX, load, withMonitor } from './support/harness.ts'

const durationSec = Number(process.argv[2] ?? 8)
const connections = Number(process.argv[3] ?? 50)

await withMonitor(async (url) => {
  ingestStages.enable()
  const cpu = process.threadCpuUsage()
  const result = await load({ mode: 'max', url, keyHex: KEY_HEX, durationSec, connections })
  const used = process.threadCpuUsage(cpu)
  const stages = ingestStages.disable()
  const perEvent = Object.fromEntries(
    Object.entries(stages.us).map(([k, us]) => [k, Number((us / Math.max(1, stages.events)).toFixed(1))]),
  )
  const mainUs = (used.user + used.system) / Math.max(1, result.requests)
  process.stderr.write(
    `${JSON.stringify({ result, mainCpuUsPerEvent: Number(mainUs.toFixed(1)), perEvent })}\n`,
  )
  process.stderr.write(
    `${JSON.stringify({ groups: stages.groups, eventsPerGroup: stages.groupWrites / Math.max(1, stages.groups), commitUsPerGroup: stages.groupCommitUs / Math.max(1, stages.groups), messages: stages.messages })}\n`,
  )
})
