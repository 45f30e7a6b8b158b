// `npm run report -- --data-dir DIR --stream ID [--broadcast latest|N|ISO-time] [--format md|html|json]
//   [--tz ZONE] [--workspace live|demo]`
// Prints one broadcast's report to stdout, read from a data folder without a running server.
// Errors go to stderr in words: exit 2 for bad usage or a folder that is not a data folder,
// 1 for an unknown stream or a broadcast that does not exist.
import { parseArgs } from 'node:util'
import type { z } from 'zod'
import { OPERATIONS } from '../../../shared/operations.ts'
import { defaultDataDir } from '../config/paths.ts'
import { RequestError } from '../errors.ts'
import { exportReport, hostTimeZone } from './export.ts'
import { DataFolderError, databasesIn, openFolderSource, type WorkspaceName } from './folder.ts'
import { listBroadcasts, reportOf } from './source.ts'

const USAGE = `usage: npm run report -- --data-dir DIR --stream ID [--broadcast latest|N|ISO-time]
                         [--format md|html|json] [--tz ZONE] [--workspace live|demo] [--list]
  --data-dir   the monitor's data folder (default: ${defaultDataDir()}), or one workspace's folder
  --stream     the live stream's id
  --broadcast  latest (default), its number (1 = the oldest kept), or an ISO 8601 time it was live at
  --format     md (default), html (self-contained, charts inline) or json
  --tz         time zone of the times in md and html (default: this machine's, ${hostTimeZone()})
  --workspace  live or demo, when the folder holds both (default: the one that has the stream)
  --list       list the stream's broadcasts instead (one line each, newest first)`

class UsageError extends Error {}

const exportArgs = OPERATIONS.exportBroadcastReport.args

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      stream: { type: 'string' },
      broadcast: { type: 'string', default: 'latest' },
      format: { type: 'string', default: 'md' },
      tz: { type: 'string' },
      workspace: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return null
  if (!values.stream) throw new UsageError('--stream ID is needed')
  // The same schemas as the API: the same refusals in the same words.
  const check = <T>(schema: z.ZodType<T>, value: unknown, flag: (path: string) => string): T => {
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    throw new UsageError(`${flag(String(issue?.path[0] ?? ''))}: ${issue?.message ?? 'invalid'}`)
  }
  const stream = check(exportArgs[0].schema, values.stream, () => '--stream')
  const broadcast = check(exportArgs[1].schema, values.broadcast, () => '--broadcast')
  const options = check(
    exportArgs[2].schema,
    { format: values.format, ...(values.tz ? { tz: values.tz } : {}) },
    (field) => `--${field}`,
  )
  const workspace = values.workspace
  if (workspace !== undefined && workspace !== 'live' && workspace !== 'demo')
    throw new UsageError('--workspace: must be live or demo')
  return {
    dir: values['data-dir'] ?? defaultDataDir(),
    stream,
    broadcast,
    format: options.format,
    tz: options.tz ?? hostTimeZone(),
    workspace: (workspace ?? null) as WorkspaceName | null,
    list: values.list,
  }
}

export async function runReportCli(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  let args: ReturnType<typeof parse>
  try {
    args = parse(argv)
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (args === null) {
    out(`${USAGE}\n`)
    return 0
  }
  try {
    const all = databasesIn(args.dir)
    const candidates = args.workspace ? all.filter((d) => d.workspace === args.workspace) : all
    if (candidates.length === 0) throw new DataFolderError(`${args.dir} has no ${args.workspace} workspace.`)
    let lastMiss: Error | null = null
    for (const place of candidates) {
      const folder = await openFolderSource(place.dir, place.workspace)
      try {
        if (args.list) {
          const list = await listBroadcasts(folder.source, args.stream)
          out(
            list
              .map(
                (b) =>
                  `${b.number}\t${b.startedAt}\t${b.endedAt ?? 'live'}\t${Math.round(b.durationMs / 1000)} s\t${b.disconnects} disconnects`,
              )
              .join('\n') + (list.length ? '\n' : ''),
          )
          if (list.length === 0) err(`stream ${args.stream} has no broadcast yet\n`)
          return 0
        }
        const report = await reportOf(folder.source, args.stream, args.broadcast)
        out(exportReport(report, args.format, args.tz).body)
        return 0
      } catch (error) {
        // An unknown stream may be in the other workspace: try it before saying so.
        if (!(error instanceof RequestError) || error.statusCode !== 404) throw error
        lastMiss = error
        if (!error.message.startsWith('No stream')) break
      } finally {
        folder.close()
      }
    }
    err(`${lastMiss?.message ?? 'not found'}\n`)
    return 1
  } catch (error) {
    if (error instanceof DataFolderError) {
      err(`${error.message}\n`)
      return 2
    }
    throw error
  }
}

if (import.meta.main) {
  runReportCli(
    process.argv.slice(2),
    (t) => process.stdout.write(t),
    (t) => process.stderr.write(t),
  ).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`report failed: ${(error as Error).stack ?? String(error)}\n`)
      process.exitCode = 1
    },
  )
}
