// The connect form's draft checked with the core's own schemas before anything is sent:
// either the exact input to send, or one plain message per field that is wrong.
import type { z } from 'zod'
import {
  type ConnectInput,
  type CredentialsInput,
  connectInputSchema,
  credentialsInputSchema,
  type PublicUrlMode,
  signingSecretSchema,
  type WorkspaceStatus,
} from '../../../shared/workspace.ts'

export interface ConnectDraft {
  accessTokenId: string
  secretKey: string
  urlMode: PublicUrlMode
  authtoken: string
  /** Optional ngrok static domain; empty = a new random URL on every start. */
  domain: string
  ownUrl: string
}

export type DraftField = Exclude<keyof ConnectDraft, 'urlMode'>
export type FieldErrors = Partial<Record<DraftField, string>>

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors }

export const EMPTY_DRAFT: ConnectDraft = {
  accessTokenId: '',
  secretKey: '',
  urlMode: 'ngrok',
  authtoken: '',
  domain: '',
  ownUrl: '',
}

/** A fresh draft; the public URL part starts from what the core already has (secrets never come back). */
export function draftFrom(connection: WorkspaceStatus | null): ConnectDraft {
  const saved = connection?.publicUrl
  return {
    ...EMPTY_DRAFT,
    urlMode: saved?.mode ?? 'ngrok',
    domain: saved?.ngrokDomain ?? '',
    ownUrl: saved?.mode === 'own' ? (saved.url ?? '') : '',
  }
}

/** The draft once its secrets are no longer needed (after a successful connect). */
export function withoutSecrets(draft: ConnectDraft): ConnectDraft {
  return { ...draft, secretKey: '', authtoken: '' }
}

const EMPTY: Record<DraftField, string> = {
  accessTokenId: 'Enter the Access Token ID from the FastPix dashboard.',
  secretKey: 'Enter the Secret Key shown with the Access Token.',
  authtoken: 'Enter your ngrok authtoken (dashboard.ngrok.com → Your Authtoken).',
  domain: '',
  ownUrl: 'Enter the public https URL that forwards to this monitor.',
}

const INVALID: Record<DraftField, string> = {
  accessTokenId: 'That is too long for an Access Token ID: paste only the ID.',
  secretKey: 'That is too long for a Secret Key: paste only the key.',
  authtoken: 'That is too long for an ngrok authtoken: paste only the token.',
  domain: 'A domain like example.ngrok.app, without https:// or a path.',
  ownUrl: 'An https URL like https://monitor.example.com, without a query or a login.',
}

function fieldOf(path: readonly PropertyKey[]): DraftField | null {
  const [top, inner] = path
  if (top === 'accessTokenId' || top === 'secretKey') return top
  if (top !== 'publicUrl') return null
  if (inner === 'authtoken' || inner === 'domain') return inner
  return inner === 'url' ? 'ownUrl' : null
}

function errorsOf(draft: ConnectDraft, error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = fieldOf(issue.path)
    if (!field || errors[field]) continue
    errors[field] = draft[field].trim() === '' && EMPTY[field] ? EMPTY[field] : INVALID[field]
  }
  return errors
}

export function credentialsOf(draft: ConnectDraft): Checked<CredentialsInput> {
  const parsed = credentialsInputSchema.safeParse({
    accessTokenId: draft.accessTokenId,
    secretKey: draft.secretKey,
  })
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, errors: errorsOf(draft, parsed.error) }
}

export function connectInputOf(draft: ConnectDraft): Checked<ConnectInput> {
  const domain = draft.domain.trim()
  const publicUrl =
    draft.urlMode === 'ngrok'
      ? { mode: 'ngrok', authtoken: draft.authtoken, ...(domain ? { domain } : {}) }
      : { mode: 'own', url: draft.ownUrl }
  const parsed = connectInputSchema.safeParse({
    accessTokenId: draft.accessTokenId,
    secretKey: draft.secretKey,
    publicUrl,
  })
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, errors: errorsOf(draft, parsed.error) }
}

/** The signing secret as FastPix shows it, or why it cannot be. */
export function signingSecretOf(text: string): { ok: true; secret: string } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'Paste the signing secret from the webhook in FastPix.' }
  const parsed = signingSecretSchema.safeParse(text)
  if (parsed.success) return { ok: true, secret: parsed.data }
  return {
    ok: false,
    error:
      'That does not look like the signing secret: FastPix shows it as Base64 text (letters, digits, + / =).',
  }
}
