import { useShallow } from 'zustand/react/shallow'
import type { Health } from '../../../shared/domain.ts'
import { formatCount } from '../lib/format.ts'
import { HEALTH_WORD, healthClass } from '../lib/words.ts'
import { navigate, useRoute } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectHealthCounts } from '../state/selectors.ts'
import { selectWebhookAddresses } from '../state/workspace.ts'
import { HealthBadge } from './HealthBadge.tsx'
import { LinkIndicator } from './LinkIndicator.tsx'
import { RelativeTime } from './RelativeTime.tsx'
import { TunnelIndicator } from './TunnelIndicator.tsx'
import { Address } from './WebhookAddress.tsx'

const COUNT_ORDER: Health[] = ['down', 'degraded', 'unknown', 'healthy', 'offline']

function HealthCounts(): React.JSX.Element {
  const counts = useMonitor(selectHealthCounts)
  const active = useMonitor((s) => s.filters.health)
  const setHealthFilter = useMonitor((s) => s.setHealthFilter)
  const route = useRoute()
  return (
    <ul className="health-counts" aria-label="Streams per health">
      {COUNT_ORDER.map((health) => {
        const pressed = active.length === 1 && active[0] === health
        return (
          <li key={health}>
            <button
              type="button"
              className={`count-chip ${healthClass(health)}${counts[health] === 0 ? ' count-zero' : ''}`}
              data-testid={`health-count-${health}`}
              data-count={counts[health]}
              aria-pressed={pressed}
              title={pressed ? 'Show every stream' : `Show only ${HEALTH_WORD[health].toLowerCase()} streams`}
              onClick={() => {
                setHealthFilter(pressed ? [] : [health])
                if (route.view !== 'board') navigate({ view: 'board' })
              }}
            >
              <span className="health-dot" aria-hidden="true" />
              <span className="count-number">{formatCount(counts[health])}</span>{' '}
              {HEALTH_WORD[health].toLowerCase()}
            </button>
          </li>
        )
      })}
    </ul>
  )
}

/** The public URL of a real workspace, or its local receiver labelled as such; the demo's local one. */
function WebhookUrl(): React.JSX.Element | null {
  const { live, public: url, local } = useMonitor(useShallow(selectWebhookAddresses))
  const shown = url ?? local
  return (
    <div className="webhook">
      <span className="label">Webhook URL</span>
      {live && url === null ? (
        <span className="muted" data-testid="webhook-no-public-url">
          no public URL yet
        </span>
      ) : null}
      {shown ? (
        <Address url={shown} label="webhook URL" testId="webhook-url" copyTestId="copy-webhook-url" />
      ) : null}
    </div>
  )
}

function ReceiverFacts(): React.JSX.Element | null {
  const receiver = useMonitor((s) => s.receiver)
  if (!receiver) return null
  const facts: [string, number, string][] = [
    ['accepted', receiver.accepted, 'deliveries verified and stored'],
    ['duplicates', receiver.duplicates, 'the same event id delivered again'],
    ['rejected', receiver.rejected, 'refused (bad signature, malformed, too large…)'],
    ['probes', receiver.probes, "FastPix's empty endpoint checks"],
  ]
  return (
    <div className="receiver">
      <WebhookUrl />
      <dl className="receiver-facts">
        {facts.map(([name, value, hint]) => (
          <div key={name} title={hint} data-testid={`receiver-${name}`}>
            <dt>{name}</dt>
            <dd className={name === 'rejected' && value > 0 ? 'fact-bad' : undefined}>
              {formatCount(value)}
            </dd>
          </div>
        ))}
        <div data-testid="receiver-last-delivery">
          <dt>last delivery</dt>
          <dd>
            {receiver.lastDeliveryAt === null ? 'none yet' : <RelativeTime at={receiver.lastDeliveryAt} />}
          </dd>
        </div>
      </dl>
    </div>
  )
}

/** Always visible: how the workspace is, at a glance, and whether deliveries arrive. */
export function OverviewBar(): React.JSX.Element {
  const { health, loaded } = useMonitor(
    useShallow((s) => ({ health: s.workspaceHealth, loaded: s.load === 'ready' })),
  )
  return (
    <header className="overview" data-testid="overview">
      <div className="overview-main">
        <div className="brand">
          <span className="brand-name">FastPix Live Monitor</span>
        </div>
        <div className="workspace-health">
          <span className="label">Workspace</span>
          {loaded ? (
            <HealthBadge health={health} testId="workspace-health" large />
          ) : (
            <span className="muted">Loading…</span>
          )}
        </div>
        <HealthCounts />
        <LinkIndicator />
        <TunnelIndicator />
      </div>
      <ReceiverFacts />
    </header>
  )
}
