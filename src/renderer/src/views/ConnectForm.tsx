import { useState } from 'react'
import { Field } from '../components/Field.tsx'
import {
  type ConnectDraft,
  connectInputOf,
  credentialsOf,
  type DraftField,
  type FieldErrors,
  withoutSecrets,
} from '../lib/connect-form.ts'
import { formatCount } from '../lib/format.ts'
import { pluralize } from '../lib/workspace-words.ts'
import { useMonitor } from '../state/monitor.ts'

type Edit = (field: DraftField, value: string) => void

function CheckResult(): React.JSX.Element {
  const check = useMonitor((s) => s.credentialCheck)
  let text: string
  if (check.state === 'checking') text = 'Checking with FastPix…'
  else if (check.state === 'ok') {
    const n = check.streams ?? 0
    text = `✓ Connected to FastPix — ${formatCount(n)} ${pluralize(n, 'stream', 'streams')}`
  } else if (check.state === 'error') text = check.error ?? 'FastPix did not accept these credentials.'
  else text = 'Not checked yet.'
  return (
    <p
      className={`check-result check-${check.state}`}
      role="status"
      data-testid="connect-check-result"
      data-state={check.state}
    >
      {text}
    </p>
  )
}

function CredentialsStep({
  draft,
  errors,
  edit,
  onCheck,
}: {
  draft: ConnectDraft
  errors: FieldErrors
  edit: Edit
  onCheck(): void
}): React.JSX.Element {
  const checking = useMonitor((s) => s.credentialCheck.state === 'checking')
  return (
    <fieldset className="connect-step">
      <legend>1. FastPix credentials</legend>
      <p className="muted small">
        In the FastPix dashboard, create an Access Token for this workspace with FastPix Video Read. That is
        all monitoring needs; the optional stream actions (disable, finish, simulcast on/off, always confirmed
        first) also need Write.
      </p>
      <Field
        id="connect-token-id"
        label="Access Token ID"
        testId="connect-token-id"
        value={draft.accessTokenId}
        error={errors.accessTokenId}
        onChange={(value) => edit('accessTokenId', value)}
      />
      <Field
        id="connect-secret-key"
        label="Secret Key"
        type="password"
        testId="connect-secret-key"
        value={draft.secretKey}
        error={errors.secretKey}
        onChange={(value) => edit('secretKey', value)}
      />
      <div className="check-row">
        <button type="button" data-testid="connect-check" disabled={checking} onClick={onCheck}>
          Check
        </button>
        <CheckResult />
      </div>
    </fieldset>
  )
}

/** One way FastPix reaches the monitor: a radio, and its fields while it is chosen. */
function UrlModeOption(props: {
  mode: ConnectDraft['urlMode']
  label: string
  draft: ConnectDraft
  setMode(mode: ConnectDraft['urlMode']): void
  children: React.ReactNode
}): React.JSX.Element {
  const chosen = props.draft.urlMode === props.mode
  return (
    <>
      <label className="radio">
        <input
          type="radio"
          name="public-url-mode"
          value={props.mode}
          data-testid={`public-url-${props.mode}`}
          checked={chosen}
          onChange={() => props.setMode(props.mode)}
        />
        {props.label}
      </label>
      {chosen ? <div className="radio-detail">{props.children}</div> : null}
    </>
  )
}

function PublicUrlStep({
  draft,
  errors,
  edit,
  setMode,
}: {
  draft: ConnectDraft
  errors: FieldErrors
  edit: Edit
  setMode(mode: ConnectDraft['urlMode']): void
}): React.JSX.Element {
  // The real workspace's receiver (the demo's may listen elsewhere); in the live workspace, this one.
  const localUrl = useMonitor(
    (s) =>
      s.workspaceStatus?.publicUrl.receiverUrl ??
      (s.workspaceStatus?.mode === 'live' ? (s.receiver?.webhookUrl ?? null) : null),
  )
  return (
    <fieldset className="connect-step">
      <legend>2. How FastPix reaches this monitor</legend>
      <p className="muted small">
        FastPix sends webhooks over the internet, so they need a public https URL.
      </p>
      <UrlModeOption
        mode="ngrok"
        label="An ngrok tunnel, opened by the monitor"
        draft={draft}
        setMode={setMode}
      >
        <Field
          id="connect-ngrok-authtoken"
          label="ngrok authtoken"
          type="password"
          testId="connect-ngrok-authtoken"
          value={draft.authtoken}
          error={errors.authtoken}
          hint="From dashboard.ngrok.com → Your Authtoken (a free account is enough)."
          onChange={(value) => edit('authtoken', value)}
        />
        <Field
          id="connect-ngrok-domain"
          label="Static domain (optional)"
          testId="connect-ngrok-domain"
          value={draft.domain}
          error={errors.domain}
          placeholder="example.ngrok-free.app"
          hint="A static domain keeps the same URL across restarts, so you paste it into FastPix only once. Without one, the URL changes every time the tunnel starts."
          onChange={(value) => edit('domain', value)}
        />
      </UrlModeOption>
      <UrlModeOption
        mode="own"
        label="I have my own public URL (reverse proxy / port forward)"
        draft={draft}
        setMode={setMode}
      >
        <Field
          id="connect-own-url"
          label="Public URL"
          type="url"
          testId="connect-own-url"
          value={draft.ownUrl}
          error={errors.ownUrl}
          placeholder="https://monitor.example.com"
          hint={
            <>
              It must forward <code>/webhooks/fastpix</code> to this monitor's webhook listener
              {localUrl?.startsWith('http://127.0.0.1') ? (
                <>
                  {' '}
                  (<code>{localUrl}</code>)
                </>
              ) : null}
              .
            </>
          }
          onChange={(value) => edit('ownUrl', value)}
        />
      </UrlModeOption>
    </fieldset>
  )
}

/** Credentials and public URL, checked with the core's schemas, then sent as one ConnectInput. */
export function ConnectForm({ initial }: { initial: ConnectDraft }): React.JSX.Element {
  const change = useMonitor((s) => s.workspaceSwitch)
  const connect = useMonitor((s) => s.connectWorkspace)
  const checkCredentials = useMonitor((s) => s.checkCredentials)
  const clearCredentialCheck = useMonitor((s) => s.clearCredentialCheck)
  const [draft, setDraft] = useState(initial)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [refused, setRefused] = useState(false)
  const busy = change.state === 'switching' || change.state === 'reloading'
  const mine = change.target === 'live'

  const edit: Edit = (field, value) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setErrors(({ [field]: _gone, ...rest }) => rest)
    if (field === 'accessTokenId' || field === 'secretKey') clearCredentialCheck()
  }

  const onCheck = (): void => {
    const checked = credentialsOf(draft)
    const { accessTokenId: _a, secretKey: _s, ...others } = errors
    setErrors(checked.ok ? others : { ...others, ...checked.errors })
    if (checked.ok) void checkCredentials(checked.input)
  }

  const onSubmit = (event: React.FormEvent): void => {
    event.preventDefault()
    if (busy) return
    const checked = connectInputOf(draft)
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefused(true)
      return
    }
    setErrors({})
    setRefused(false)
    // The secrets live only in this component's state (never storage or the URL). A refusal
    // keeps them to correct and resend; once connected they are dropped (the page reloads).
    void connect(checked.input).then((connected) => {
      if (connected) setDraft(withoutSecrets)
    })
  }

  const failure = refused
    ? 'Nothing was sent: fix the fields marked above.'
    : mine && change.state === 'error'
      ? `Not connected: ${change.error}`
      : null
  return (
    <form className="connect-form" data-testid="connect-form" noValidate onSubmit={onSubmit}>
      <CredentialsStep draft={draft} errors={errors} edit={edit} onCheck={onCheck} />
      <PublicUrlStep
        draft={draft}
        errors={errors}
        edit={edit}
        setMode={(urlMode) => setDraft((d) => ({ ...d, urlMode }))}
      />
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="connect-submit" disabled={busy}>
          {busy && mine ? 'Connecting…' : 'Connect'}
        </button>
        {mine && change.state === 'reloading' ? (
          <span role="status" className="muted">
            Connected. Loading your workspace…
          </span>
        ) : null}
      </div>
      {failure ? (
        <p className="error" role="alert" data-testid="connect-error">
          {failure}
        </p>
      ) : null}
    </form>
  )
}
