// The desktop app's connection settings: the choice and non-secret parts in the
// settings file, the Secret Key, signing secret and ngrok authtoken through safeStorage
// (never in the settings file, never sent to the window; without a keyring, in memory).
import type { ConfigFile, WorkspaceConfig } from '../core/workspace/config.ts'
import type { Secrets } from './secrets.ts'
import type { Settings } from './settings.ts'

export function createDesktopConfigFile(settings: Settings, secrets: Secrets): ConfigFile {
  return {
    persistent: true,
    keyring: () => secrets.keyring(),
    async load(): Promise<WorkspaceConfig> {
      const w = settings.read('workspace')
      const authtoken = await secrets.get('ngrokAuthtoken')
      return {
        mode: w.mode,
        accessTokenId: w.accessTokenId,
        secretKey: await secrets.get('fastpixSecretKey'),
        signingSecret: await secrets.get('signingSecret'),
        publicUrl:
          w.publicUrl?.mode === 'ngrok'
            ? { mode: 'ngrok', authtoken: authtoken ?? '', domain: w.publicUrl.domain }
            : w.publicUrl,
      }
    },
    async save(config) {
      // Secrets first: a settings file that names a workspace whose key failed to save would mislead.
      await secrets.set('fastpixSecretKey', config.secretKey)
      await secrets.set('signingSecret', config.signingSecret)
      await secrets.set(
        'ngrokAuthtoken',
        config.publicUrl?.mode === 'ngrok' ? config.publicUrl.authtoken : null,
      )
      settings.write('workspace', {
        mode: config.mode,
        accessTokenId: config.accessTokenId,
        publicUrl:
          config.publicUrl === null
            ? null
            : config.publicUrl.mode === 'ngrok'
              ? { mode: 'ngrok', domain: config.publicUrl.domain }
              : { mode: 'own', url: config.publicUrl.url },
      })
    },
  }
}
