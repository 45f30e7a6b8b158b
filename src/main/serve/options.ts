// `serve`'s real-workspace settings from flags and the environment. Secrets come only
// from the environment (or a file it names), never from flags: flags show up in `ps`.
import { readFileSync } from 'node:fs'
import { publicOriginSchema } from '../../shared/workspace.ts'
import { WEBHOOK_PATH } from '../core/receiver/webhook-app.ts'
import type { ServeOptions } from './host.ts'

/** A secret from `NAME`, or from the file `NAME_FILE` names. */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | null {
  const direct = env[name]?.trim()
  if (direct) return direct
  const file = env[`${name}_FILE`]
  if (file) return readFileSync(file, 'utf8').trim() || null
  return null
}

/** The real workspace's settings from flags and the environment; throws with words when they do not fit together. */
export function liveSettings(
  values: { 'fastpix-token-id'?: string; 'public-url'?: string; 'ngrok-domain'?: string },
  env: NodeJS.ProcessEnv,
): Pick<ServeOptions, 'fastpix' | 'publicUrl'> {
  const tokenId = values['fastpix-token-id']?.trim() || env.FASTPIX_ACCESS_TOKEN_ID?.trim() || null
  const secretKey = secretFromEnv(env, 'FASTPIX_SECRET_KEY')
  if ((tokenId === null) !== (secretKey === null)) {
    throw new Error(
      tokenId === null
        ? 'FASTPIX_SECRET_KEY is set but no Access Token ID: pass --fastpix-token-id or set FASTPIX_ACCESS_TOKEN_ID'
        : 'an Access Token ID is given but FASTPIX_SECRET_KEY (or FASTPIX_SECRET_KEY_FILE) is not set',
    )
  }
  const authtoken = secretFromEnv(env, 'NGROK_AUTHTOKEN')
  const own = values['public-url']
  if (own !== undefined && authtoken !== null)
    throw new Error(
      'choose one way in: --public-url (your own proxy) or NGROK_AUTHTOKEN (an ngrok tunnel), not both',
    )
  if (values['ngrok-domain'] !== undefined && authtoken === null)
    throw new Error('--ngrok-domain needs NGROK_AUTHTOKEN (or NGROK_AUTHTOKEN_FILE)')
  let publicUrl: ServeOptions['publicUrl'] = null
  if (own !== undefined) {
    const parsed = publicOriginSchema.safeParse(own)
    if (!parsed.success) throw new Error(`--public-url: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`)
    // The schema keeps only the origin: a path would be dropped silently and FastPix sent past the proxy's prefix.
    if (new URL(own.trim()).pathname !== '/')
      throw new Error(
        `--public-url: expected the origin only, like https://monitor.example.com (${WEBHOOK_PATH} is added), not a path`,
      )
    publicUrl = { mode: 'own', url: parsed.data }
  } else if (authtoken !== null) {
    publicUrl = { mode: 'ngrok', authtoken, domain: values['ngrok-domain']?.trim().toLowerCase() || null }
  }
  return { fastpix: tokenId && secretKey ? { accessTokenId: tokenId, secretKey } : null, publicUrl }
}
