// What connecting a real workspace needs, and where the host keeps it: the desktop app
// in its settings file with secrets through safeStorage; `serve` from flags and the
// environment (secrets typed into its dashboard last until it stops).
import type { KeyringStatus, WorkspaceMode } from '../../../shared/workspace.ts'

export type PublicUrlConfig =
  | { mode: 'ngrok'; authtoken: string; domain: string | null }
  | { mode: 'own'; url: string }

export interface WorkspaceConfig {
  /** null: nothing chosen yet (first run). */
  mode: WorkspaceMode | null
  accessTokenId: string | null
  secretKey: string | null
  /** Base64 webhook signing secret of the real workspace. */
  signingSecret: string | null
  publicUrl: PublicUrlConfig | null
}

export const EMPTY_CONFIG: WorkspaceConfig = {
  mode: null,
  accessTokenId: null,
  secretKey: null,
  signingSecret: null,
  publicUrl: null,
}

export interface ConfigFile {
  load(): Promise<WorkspaceConfig>
  save(config: WorkspaceConfig): Promise<void>
  /** Whether what is saved survives a restart (the desktop app) or only this run (`serve`). */
  readonly persistent: boolean
  /** Whether the secrets in it are written to disk right now; as `persistent` when absent. */
  keyring?(): KeyringStatus
}

/** Kept in memory only (`serve`, tests). */
export function memoryConfigFile(initial: Partial<WorkspaceConfig> = {}): ConfigFile {
  let config: WorkspaceConfig = { ...EMPTY_CONFIG, ...initial }
  return {
    load: async () => ({ ...config }),
    async save(next) {
      config = { ...next }
    },
    persistent: false,
  }
}
