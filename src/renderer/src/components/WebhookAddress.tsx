// A webhook address as the pages show it: a local one (only this computer reaches it)
// carries a "local" label and its copy button says so; and, while there is no public
// URL, why not and how to get one.
import { useShallow } from 'zustand/react/shallow'
import { isLocalAddress } from '../lib/webhook-address.ts'
import { useMonitor } from '../state/monitor.ts'
import { CopyButton } from './CopyButton.tsx'

export function LocalTag(): React.JSX.Element {
  return (
    <span
      className="tag tag-local"
      data-testid="local-tag"
      title="Only this computer can reach this address: FastPix cannot post to it"
    >
      local
    </span>
  )
}

/** The URL, "local" beside a local one, and a copy button named for what it copies. */
export function Address({
  url,
  label,
  testId,
  copyTestId,
}: {
  url: string
  /** What is copied, e.g. "webhook URL"; a local one becomes "local webhook URL". */
  label: string
  testId?: string
  copyTestId?: string
}): React.JSX.Element {
  const local = isLocalAddress(url)
  return (
    <span className="address" data-local={local || undefined}>
      <code className="webhook-url" data-testid={testId}>
        {url}
      </code>
      {local ? (
        <>
          {' '}
          <LocalTag />
        </>
      ) : null}{' '}
      <CopyButton text={url} label={local ? `local ${label}` : label} testId={copyTestId} />
    </span>
  )
}

export type NoPublicUrlReason = 'not-set' | 'off' | 'connecting' | 'offline' | 'error'

/** Why a real workspace has no public URL right now. */
export function useNoPublicUrlReason(): { reason: NoPublicUrlReason; error: string | null } {
  return useMonitor(
    useShallow((s) => {
      const c = s.workspaceStatus
      if (c?.publicUrl.mode !== 'ngrok') return { reason: 'not-set' as const, error: null }
      const state = c.tunnel?.state ?? 'off'
      const reason: NoPublicUrlReason = state === 'online' ? 'connecting' : state
      return { reason, error: c.tunnel?.error ?? null }
    }),
  )
}

const TUNNEL_SAYS: Readonly<Record<Exclude<NoPublicUrlReason, 'not-set'>, string>> = {
  off: 'The ngrok tunnel is not running.',
  connecting: 'The ngrok tunnel is connecting; its public URL appears here once it is online.',
  offline: 'The ngrok tunnel is offline',
  error: 'ngrok refused the tunnel',
}

/** The words for `useNoPublicUrlReason`: what is missing and how to get it. */
export function NoPublicUrlWords(): React.JSX.Element {
  const { reason, error } = useNoPublicUrlReason()
  if (reason === 'not-set')
    return (
      <>
        FastPix delivers webhooks over the internet, so it needs a public https URL: an ngrok tunnel (the
        monitor opens it with your ngrok authtoken) or your own URL (a reverse proxy or port forward to this
        computer).
      </>
    )
  if (reason === 'offline' || reason === 'error')
    return (
      <>
        {TUNNEL_SAYS[reason]}
        {error ? `: ${error.replace(/[.!]+$/, '')}` : ''}. Its public URL appears here once it connects (it
        retries by itself), or use your own URL instead.
      </>
    )
  return <>{TUNNEL_SAYS[reason]}</>
}

/** The receiver's own (local) address, for a tunnel or reverse proxy to forward to. */
export function LocalReceiver({ url, testId }: { url: string; testId: string }): React.JSX.Element {
  return (
    <div className="local-receiver" data-testid={testId}>
      <p className="muted">The receiver on this computer, for a tunnel or reverse proxy to forward to:</p>
      <p className="webhook">
        <Address url={url} label="receiver URL" />
      </p>
    </div>
  )
}
