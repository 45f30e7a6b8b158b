// A report source over a data folder on disk, without a running monitor: the report CLI.
// The database is opened read-only and without the folder's lock, so a monitor running on
// the same folder keeps writing meanwhile (WAL lets a reader in beside the writer).
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { workspaceDir } from '../config/paths.ts'
import { loadSettings } from '../config/settings-file.ts'
import type { FoldedSnapshot } from '../health/fold-state.ts'
import { publicSnapshot } from '../health/public-snapshot.ts'
import { openDatabase } from '../store/db.ts'
import { createNames } from '../store/names.ts'
import { createReads } from '../store/queries.ts'
import type { ReportSource } from './source.ts'

export type WorkspaceName = 'live' | 'demo'

/** What is wrong with the folder, in words for the person who typed it. */
export class DataFolderError extends Error {
  override name = 'DataFolderError'
}

export interface FolderSource {
  source: ReportSource
  workspace: WorkspaceName | null
  close(): void
}

const DB = 'monitor.sqlite'

/** The database files a data folder holds: itself a workspace folder, or the data folder above them. */
export function databasesIn(dir: string): { workspace: WorkspaceName | null; dir: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataFolderError(`${dir} is not a folder.`)
  if (existsSync(join(dir, DB))) return [{ workspace: null, dir }]
  const found = (['live', 'demo'] as const)
    .map((workspace) => ({ workspace, dir: workspaceDir(dir, workspace) }))
    .filter((w) => existsSync(join(w.dir, DB)))
  if (found.length === 0) {
    throw new DataFolderError(
      `${dir} is not a FastPix Live Monitor data folder: it has no ${DB}, and neither has ` +
        `${join('workspaces', 'live')} nor ${join('workspaces', 'demo')} in it.`,
    )
  }
  return found
}

export async function openFolderSource(
  dir: string,
  workspace: WorkspaceName | null,
  now: () => number = Date.now,
): Promise<FolderSource> {
  const { settings } = await loadSettings(dir)
  let db: ReturnType<typeof openDatabase>['db']
  try {
    db = openDatabase(join(dir, DB), { readOnly: true }).db
  } catch (error) {
    throw new DataFolderError(`${join(dir, DB)} could not be read: ${(error as Error).message}`)
  }
  const names = createNames(db)
  const reads = createReads(db, names, null)
  const snapshots = (await reads.loadSnapshots(null)).json.map((j) => JSON.parse(j) as FoldedSnapshot)
  const source: ReportSource = {
    thresholds: settings.thresholds,
    now,
    async stream(id) {
      const snap = snapshots.find((s) => s.id === id)
      if (!snap) return null
      const pub = publicSnapshot(snap)
      return { id, name: pub.name, targets: pub.simulcastTargets }
    },
    async queryEvents(query) {
      const page = await reads.queryEvents(query)
      return {
        events: page.events.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> })),
        nextCursor: page.nextCursor,
      }
    },
    listTransitions: (query) => reads.listTransitions(query),
    listDecisions: async (query) => (await reads.listDecisions(query)).map((j) => JSON.parse(j)),
    listViewerSamples: (query) => reads.listViewerSamples(query),
  }
  return { source, workspace, close: () => db.close() }
}
