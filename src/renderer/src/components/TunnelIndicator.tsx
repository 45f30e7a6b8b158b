import { useShallow } from 'zustand/react/shallow'
import { TUNNEL_WORD } from '../lib/workspace-words.ts'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'

/** In the overview bar while a real workspace is connected: can FastPix reach us? */
export function TunnelIndicator(): React.JSX.Element | null {
  const { live, urlMode, state, url, error } = useMonitor(
    useShallow((s) => ({
      live: s.workspaceStatus?.mode === 'live',
      urlMode: s.workspaceStatus?.publicUrl.mode ?? null,
      state: s.workspaceStatus?.tunnel?.state ?? 'off',
      url: s.workspaceStatus?.publicUrl.url ?? null,
      error: s.workspaceStatus?.tunnel?.error ?? null,
    })),
  )
  if (!live) return null
  // Neither ngrok nor an own URL set up: there is no tunnel to be "off".
  const shown = urlMode === 'own' ? 'own' : urlMode === null ? 'none' : state
  return (
    <a
      href={hrefOf({ view: 'connect' })}
      className={`tunnel-indicator tunnel-${shown === 'none' ? 'off' : shown}`}
      data-testid="tunnel-indicator"
      data-state={shown}
      title={error ?? url ?? 'public URL not known yet'}
    >
      <span className="tunnel-dot" aria-hidden="true" />
      {shown === 'own' ? 'Own public URL' : shown === 'none' ? 'No public URL' : TUNNEL_WORD[state]}
    </a>
  )
}
