import { useState } from 'react'
import type { StreamSnapshot } from '../../../shared/domain.ts'
import type { StreamAction } from '../../../shared/workspace.ts'
import { useMonitor } from '../state/monitor.ts'

interface Choice {
  action: StreamAction
  label: string
  /** What confirming will do, in words. */
  consequence: string
  danger: boolean
}

function streamChoices(s: StreamSnapshot, name: string): Choice[] {
  const out: Choice[] = []
  if (s.status === 'active')
    out.push({
      action: { streamId: s.id, action: 'finish' },
      label: 'Finish the broadcast',
      consequence: `Ends ${name}'s live session now (the encoder is disconnected and the recording finalised). The stream stays enabled for the next session.`,
      danger: true,
    })
  if (s.status === 'disabled')
    out.push({
      action: { streamId: s.id, action: 'enable' },
      label: 'Enable stream',
      consequence: `Lets encoders publish to ${name} again.`,
      danger: false,
    })
  else if (s.status !== 'deleted')
    out.push({
      action: { streamId: s.id, action: 'disable' },
      label: 'Disable stream',
      consequence: `No encoder can publish to ${name} until it is enabled again${s.status === 'active' ? '; the live broadcast stops' : ''}.`,
      danger: true,
    })
  for (const t of s.simulcastTargets) {
    if (t.state === 'deleted') continue
    const where = t.displayName
    out.push(
      t.enabled
        ? {
            action: { streamId: s.id, simulcastId: t.id, action: 'disable-target' },
            label: `Stop simulcast to ${where}`,
            consequence: `FastPix stops pushing ${name} to ${where}.`,
            danger: true,
          }
        : {
            action: { streamId: s.id, simulcastId: t.id, action: 'enable-target' },
            label: `Resume simulcast to ${where}`,
            consequence: `FastPix pushes ${name} to ${where} again.`,
            danger: false,
          },
    )
  }
  return out
}

const keyOf = (a: StreamAction): string => `${a.action}:${'simulcastId' in a ? a.simulcastId : a.streamId}`

/** Operator actions through FastPix's REST API, each behind a confirmation. */
export function StreamActions({
  stream,
  name,
}: {
  stream: StreamSnapshot
  name: string
}): React.JSX.Element | null {
  const actions = useMonitor((s) => s.workspaceStatus?.actions ?? null)
  const state = useMonitor((s) => s.streamAction)
  const run = useMonitor((s) => s.runStreamAction)
  const [pending, setPending] = useState<Choice | null>(null)
  if (!actions?.available) return null
  const choices = streamChoices(stream, name)
  if (choices.length === 0) return null
  const mine = state.action !== null && state.action.streamId === stream.id
  return (
    <section className="panel stream-actions" aria-labelledby="actions-title" data-testid="stream-actions">
      <h2 id="actions-title">Actions in FastPix</h2>
      {actions.denied ? (
        <p className="muted" data-testid="actions-denied">
          {actions.denied}
        </p>
      ) : null}
      {pending ? (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="confirm-title"
          data-testid="action-confirm"
        >
          <p id="confirm-title">
            <strong>{pending.label}?</strong> {pending.consequence}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className={pending.danger ? 'danger' : 'primary'}
              data-testid="action-confirm-yes"
              disabled={state.state === 'sending'}
              onClick={() => {
                void run(pending.action).then(() => setPending(null))
              }}
            >
              {state.state === 'sending' ? 'Working…' : pending.label}
            </button>
            <button type="button" data-testid="action-confirm-no" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          {choices.map((c) => (
            <button
              key={keyOf(c.action)}
              type="button"
              data-testid={`action-${c.action.action}`}
              data-target-id={'simulcastId' in c.action ? c.action.simulcastId : undefined}
              disabled={actions.denied !== null}
              onClick={() => setPending(c)}
            >
              {c.label}…
            </button>
          ))}
        </div>
      )}
      {mine && state.state === 'done' ? (
        <p className="muted small" role="status" data-testid="action-result">
          Done: FastPix accepted it. The stream's state follows from its webhooks and a fresh read.
        </p>
      ) : null}
      {mine && state.state === 'error' ? (
        <p className="error" role="alert" data-testid="action-error">
          FastPix refused: {state.error}
        </p>
      ) : null}
    </section>
  )
}
