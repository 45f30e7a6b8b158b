// Where data lives. Mirrors Electron's app.getPath('userData') for the product
// name, so `serve` and the desktop app share one folder per user.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { makePrivateDir } from './private-files.ts'

export const PRODUCT_NAME = 'FastPix Live Monitor'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.FASTPIX_MONITOR_DATA_DIR) return env.FASTPIX_MONITOR_DATA_DIR
  const home = homedir()
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME)
}

/** Demo and real workspaces never share a database. */
export function workspaceDir(dataDir: string, workspace: 'demo' | 'live'): string {
  return join(dataDir, 'workspaces', workspace)
}

/**
 * The workspace folder, created when missing; it and `workspaces/` are the monitor's
 * alone, so both are made 0700 (D7). The data folder above them is the host's to create.
 */
export function privateWorkspaceDir(dataDir: string, workspace: 'demo' | 'live'): string {
  const dir = workspaceDir(dataDir, workspace)
  makePrivateDir(join(dataDir, 'workspaces'))
  makePrivateDir(dir)
  return dir
}
