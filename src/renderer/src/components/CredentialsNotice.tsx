// FastPix refuses the workspace's access token (the connection status's `fastpix.rejected`):
// a banner on every page but the connect page, and the connect page's notice above its form.
import type { CredentialRejection, FastPixCall, WorkspaceStatus } from '../../../shared/workspace.ts'
import { hrefOf, useRoute } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { RelativeTime } from './RelativeTime.tsx'

const DURING: Readonly<Record<FastPixCall, string>> = {
  check: 'checking the credentials',
  reconcile: 'reading your streams',
  viewers: 'reading viewer counts',
  action: 'running a stream action',
}

/** What FastPix refuses now; only a real workspace's token can be refused. */
export function credentialRejection(connection: WorkspaceStatus | null): CredentialRejection | null {
  return connection?.mode === 'live' ? connection.fastpix.rejected : null
}

const useRejection = (): CredentialRejection | null =>
  useMonitor((s) => credentialRejection(s.workspaceStatus))

/** The banner is shown: a rejection, and not on the connect page (its notice says it there). */
export function useCredentialsBanner(): boolean {
  const rejected = useRejection() !== null
  const route = useRoute()
  return rejected && route.view !== 'connect'
}

/** Why FastPix says no, short (the connect page gives the core's full words). */
const HINT: Readonly<Record<CredentialRejection['status'], string>> = {
  401: 'The Access Token ID and Secret Key no longer match a token of this workspace (rotated or deleted in the FastPix dashboard?).',
  403: 'The token lacks the FastPix Video Read permission.',
}

/** "while reading your streams, 2 min ago". */
function When({ rejection }: { rejection: CredentialRejection }): React.JSX.Element {
  return (
    <>
      while {DURING[rejection.during]}, <RelativeTime at={rejection.since} />
    </>
  )
}

const CONSEQUENCE =
  'Until the credentials are entered again, missed webhooks are not corrected and stream actions fail.'

export function CredentialsBanner(): React.JSX.Element | null {
  const rejection = useRejection()
  if (!rejection) return null
  return (
    <div
      className="banner banner-error"
      role="alert"
      data-testid="banner-credentials"
      data-status={rejection.status}
    >
      <strong>FastPix rejected the access token</strong> ({rejection.status}, <When rejection={rejection} />
      ). {HINT[rejection.status]} {CONSEQUENCE}{' '}
      <a href={hrefOf({ view: 'connect' })} data-testid="banner-credentials-fix">
        Re-enter the Access Token ID and Secret Key
      </a>
    </div>
  )
}

/** Connect page, above the form: what FastPix said and what to do. */
export function ConnectCredentialsNotice(): React.JSX.Element | null {
  const rejection = useRejection()
  const idHint = useMonitor((s) => s.workspaceStatus?.fastpix.idHint ?? null)
  if (!rejection) return null
  return (
    <section
      className="panel connect-rejected"
      role="alert"
      aria-labelledby="connect-rejected-title"
      data-testid="connect-rejected"
      data-status={rejection.status}
    >
      <h2 id="connect-rejected-title">FastPix rejected the access token</h2>
      <p>
        {idHint ? `The saved token (Access Token ID ending ${idHint})` : 'The saved token'} stopped working{' '}
        <When rejection={rejection} />. {rejection.message}
      </p>
      <p>
        {CONSEQUENCE} Enter the Access Token ID and Secret Key below — if the token was deleted or its key
        rotated in the FastPix dashboard, create or copy the current one there first.
      </p>
    </section>
  )
}
