import { useEffect, useState } from 'react'
import {
  NOTIFY_RULE_LABELS,
  NOTIFY_RULES,
  type NotificationSettings,
  notificationSettingsSchema,
} from '../../../shared/notify.ts'
import { useMonitor } from '../state/monitor.ts'

interface Draft {
  rules: NotificationSettings['rules']
  quietEnabled: boolean
  quietStart: string
  quietEnd: string
  flapIntervalSec: string
  burstThreshold: string
  sound: boolean
}

function draftOf(s: NotificationSettings): Draft {
  return {
    rules: { ...s.rules },
    quietEnabled: s.quietHours.enabled,
    quietStart: s.quietHours.start,
    quietEnd: s.quietHours.end,
    flapIntervalSec: String(s.flapIntervalSec),
    burstThreshold: String(s.burstThreshold),
    sound: s.sound,
  }
}

/** The draft as settings, or the first problem in words (checked with the core's own schema). */
function settingsOf(d: Draft): NotificationSettings | string {
  const parsed = notificationSettingsSchema.safeParse({
    rules: d.rules,
    quietHours: { enabled: d.quietEnabled, start: d.quietStart, end: d.quietEnd },
    flapIntervalSec: Number(d.flapIntervalSec),
    burstThreshold: Number(d.burstThreshold),
    sound: d.sound,
  })
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue?.path.join('.') ?? ''
  if (where.startsWith('quietHours')) return 'Quiet hours: times as HH:MM (24 h).'
  if (where === 'flapIntervalSec') return 'Flap damping: whole seconds from 0 to 86400.'
  if (where === 'burstThreshold') return 'Rejected burst: a whole number from 1 to 10000.'
  return issue?.message ?? 'Invalid settings.'
}

/** One labelled input of the form, with its unit. */
function SettingInput(props: {
  label: string
  unit: string
  type: 'time' | 'number'
  testId: string
  value: string
  onChange(value: string): void
  min?: number
  max?: number
  disabled?: boolean
}): React.JSX.Element {
  const numeric = props.type === 'number'
  return (
    <label className="setting">
      <span>{props.label}</span>
      <input
        type={props.type}
        required
        {...(numeric ? { inputMode: 'numeric' as const, min: props.min, max: props.max, step: 1 } : {})}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span className="muted">{props.unit}</span>
    </label>
  )
}

/** Rules, quiet hours, flap damping, sound: saved through MonitorApi like the other settings. */
export function NotificationSettingsForm(): React.JSX.Element | null {
  const status = useMonitor((s) => s.notificationStatus)
  const action = useMonitor((s) => s.notificationAction)
  const save = useMonitor((s) => s.updateNotificationSettings)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [invalid, setInvalid] = useState<string | null>(null)

  useEffect(() => {
    if (status && draft === null) setDraft(draftOf(status.settings))
  }, [status, draft])

  if (!status || !draft) return null
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(status.settings))
  const put = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch })
  return (
    <form
      className="settings-form"
      data-testid="notification-settings"
      onSubmit={(event) => {
        event.preventDefault()
        const next = settingsOf(draft)
        if (typeof next === 'string') {
          setInvalid(next)
          return
        }
        setInvalid(null)
        void save(next).then((ok) => {
          if (ok) setDraft(null)
        })
      }}
    >
      <h2>Notifications</h2>
      <fieldset className="rule-list">
        <legend>Notify when</legend>
        {NOTIFY_RULES.map((rule) => (
          <label key={rule} className="check">
            <input
              type="checkbox"
              checked={draft.rules[rule]}
              data-testid={`rule-${rule}`}
              onChange={(event) => put({ rules: { ...draft.rules, [rule]: event.target.checked } })}
            />
            {NOTIFY_RULE_LABELS[rule]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.quietEnabled}
          data-testid="quiet-enabled"
          onChange={(event) => put({ quietEnabled: event.target.checked })}
        />
        Quiet hours (notifications are logged, not shown)
      </label>
      <SettingInput
        label="Quiet from"
        unit="local time"
        type="time"
        testId="quiet-start"
        value={draft.quietStart}
        disabled={!draft.quietEnabled}
        onChange={(quietStart) => put({ quietStart })}
      />
      <SettingInput
        label="Quiet until"
        unit="local time"
        type="time"
        testId="quiet-end"
        value={draft.quietEnd}
        disabled={!draft.quietEnabled}
        onChange={(quietEnd) => put({ quietEnd })}
      />
      <SettingInput
        label="Flap damping: at most one notification per stream every (0 = off)"
        unit="s"
        type="number"
        min={0}
        max={86_400}
        testId="flap-interval"
        value={draft.flapIntervalSec}
        onChange={(flapIntervalSec) => put({ flapIntervalSec })}
      />
      <SettingInput
        label="“Wrong signing secret?” after this many bad signatures in 5 min"
        unit="deliveries"
        type="number"
        min={1}
        max={10_000}
        testId="burst-threshold"
        value={draft.burstThreshold}
        onChange={(burstThreshold) => put({ burstThreshold })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={draft.sound}
          data-testid="notify-sound"
          onChange={(event) => put({ sound: event.target.checked })}
        />
        Play a sound (never for low-urgency notifications)
      </label>
      <div className="form-actions">
        <button
          type="submit"
          disabled={!dirty || action.state === 'saving'}
          data-testid="notification-settings-save"
        >
          {action.state === 'saving' ? 'Saving…' : 'Save notification settings'}
        </button>
        <span role="status" className={invalid || action.state === 'error' ? 'error' : 'muted'}>
          {invalid ??
            (action.state === 'error'
              ? `Not saved: ${action.error}`
              : action.state === 'saved' && !dirty
                ? 'Saved.'
                : '')}
        </span>
      </div>
    </form>
  )
}
