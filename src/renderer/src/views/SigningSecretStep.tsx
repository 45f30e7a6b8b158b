import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Field } from '../components/Field.tsx'
import { signingSecretOf } from '../lib/connect-form.ts'
import { formatCount } from '../lib/format.ts'
import { pluralize } from '../lib/workspace-words.ts'
import { useMonitor } from '../state/monitor.ts'

function ReleaseResult(): React.JSX.Element | null {
  const result = useMonitor((s) => s.signingSecret.result)
  if (!result) return null
  const { released, rejected } = result
  return (
    <p className="release-result" role="status" data-testid="release-result">
      Signing secret saved. {formatCount(released)} held {pluralize(released, 'delivery', 'deliveries')}{' '}
      verified and released, {formatCount(rejected)} rejected (signature did not match).
    </p>
  )
}

function SecretForm({ onSaved, onCancel }: { onSaved(): void; onCancel?: () => void }): React.JSX.Element {
  const save = useMonitor((s) => s.signingSecret)
  const saveSigningSecret = useMonitor((s) => s.saveSigningSecret)
  const [text, setText] = useState('')
  const [invalid, setInvalid] = useState<string | null>(null)
  return (
    <form
      className="secret-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        const checked = signingSecretOf(text)
        if (!checked.ok) {
          setInvalid(checked.error)
          return
        }
        setInvalid(null)
        // Kept after a refusal, to try again; forgotten once saved (and when the form closes).
        void saveSigningSecret(checked.secret).then((ok) => {
          if (!ok) return
          setText('')
          onSaved()
        })
      }}
    >
      <Field
        id="signing-secret"
        label="Signing secret"
        type="password"
        testId="signing-secret"
        value={text}
        error={invalid ?? undefined}
        onChange={(value) => {
          setText(value)
          setInvalid(null)
        }}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          data-testid="signing-secret-save"
          disabled={save.state === 'saving'}
        >
          {save.state === 'saving' ? 'Saving…' : 'Save'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Keep the current one
          </button>
        ) : null}
        {save.state === 'error' ? (
          <span className="error" role="alert" data-testid="signing-secret-error">
            Not saved: {save.error}
          </span>
        ) : null}
      </div>
    </form>
  )
}

/** The webhook's signing secret: verifies every delivery, and releases the ones held until now. */
export function SigningSecretStep(): React.JSX.Element {
  const { secretSet, held } = useMonitor(
    useShallow((s) => ({
      secretSet: s.workspaceStatus?.signingSecretSet ?? false,
      held: s.workspaceStatus?.heldDeliveries ?? 0,
    })),
  )
  const [replacing, setReplacing] = useState(false)
  return (
    <section
      className="panel"
      aria-labelledby="setup-secret-title"
      data-testid="signing-secret-step"
      data-done={secretSet}
    >
      <h2 id="setup-secret-title">Signing secret</h2>
      <p className="muted">
        Once the webhook is validated, FastPix shows its <strong>Signing Secret</strong>. Paste it here so
        every delivery is checked as really coming from FastPix.
      </p>
      {!secretSet ? (
        <p data-testid="held-deliveries" data-count={held}>
          {formatCount(held)} {pluralize(held, 'delivery', 'deliveries')} held unverified until the secret is
          set.
        </p>
      ) : null}
      {secretSet && !replacing ? (
        <p data-testid="signing-secret-done">
          <span className="done-mark" aria-hidden="true">
            ✓
          </span>{' '}
          Signing secret set.{' '}
          <button
            type="button"
            className="link-button"
            data-testid="signing-secret-replace"
            onClick={() => setReplacing(true)}
          >
            Replace it
          </button>
        </p>
      ) : (
        <SecretForm
          onSaved={() => setReplacing(false)}
          {...(replacing ? { onCancel: () => setReplacing(false) } : {})}
        />
      )}
      <ReleaseResult />
    </section>
  )
}
