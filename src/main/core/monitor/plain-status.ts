// The connection status of a monitor on its own: no controller keeps a workspace,
// tunnel or reconciler, so only what the monitor knows is filled in.
import type { WorkspaceStatus } from '../../../shared/workspace.ts'
import type { WorkspaceFacts } from './index.ts'

/** The connection as the monitor alone sees it (no controller: `serve` without one, tests). */
export function plainWorkspaceStatus(facts: WorkspaceFacts): WorkspaceStatus {
  return {
    mode: facts.demo ? 'demo' : 'live',
    generation: 0,
    firstRun: false,
    persistent: false,
    keyring: { secretsPersisted: false, reason: null },
    fastpix: {
      state: 'unset',
      error: null,
      streams: null,
      checkedAt: null,
      credentialsSet: false,
      idHint: null,
      rejected: null,
    },
    signingSecretSet: facts.signingSecretSet,
    publicUrl: {
      mode: null,
      url: null,
      webhookUrl: null,
      ngrokAuthtokenSet: false,
      ngrokDomain: null,
      receiverUrl: null,
    },
    tunnel: null,
    probeReceivedAt: facts.probeReceivedAt,
    heldDeliveries: facts.heldDeliveries,
    urlWarning: null,
    reconcile: { state: 'off', lastAt: null, lastError: null, corrections: 0 },
    actions: { available: false, denied: null },
  }
}
