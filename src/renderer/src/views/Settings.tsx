import { useEffect, useState } from 'react'
import type { HoldSettings, MonitorSettings, RetentionSettings } from '../../../shared/api.ts'
import { DEFAULT_THRESHOLDS, type HealthThresholds } from '../../../shared/domain.ts'
import { HOLD_BOUNDS } from '../../../shared/hold.ts'
import { useMonitor } from '../state/monitor.ts'
import { NotificationSettingsForm } from './NotificationSettingsForm.tsx'
import { WorkspaceSettings } from './WorkspaceSettings.tsx'

type Group = 'thresholds' | 'retention' | 'hold'
type Field =
  | { group: 'thresholds'; key: keyof HealthThresholds }
  | { group: 'retention'; key: keyof RetentionSettings }
  | { group: 'hold'; key: keyof HoldSettings }

/** The form's sections, in order, each with what it is for when that needs saying. */
const GROUPS: { group: Group; title: string; hint?: string }[] = [
  { group: 'thresholds', title: 'Health thresholds' },
  { group: 'retention', title: 'Retention' },
  {
    group: 'hold',
    title: 'Hold of unsigned deliveries',
    hint: 'While no signing secret is set, deliveries are held (encrypted) up to these limits until the secret can verify them; past them FastPix is told to retry later (503 with Retry-After).',
  },
]

const FIELDS: (Field & { label: string; unit: string; min: number; max: number; fallback?: number })[] = [
  {
    group: 'thresholds',
    key: 'reconnectWindowSec',
    label: 'Reconnect window when the stream does not state its own',
    unit: 's',
    min: 1,
    max: 1800,
  },
  {
    group: 'thresholds',
    key: 'staleAfterDeadlineSec',
    label: 'Picture is stale this long after the reconnect deadline',
    unit: 's',
    min: 0,
    max: 3600,
  },
  {
    group: 'thresholds',
    key: 'preparingStallSec',
    label: 'Preparing longer than this is degraded',
    unit: 's',
    min: 1,
    max: 3600,
  },
  {
    group: 'thresholds',
    key: 'simulcastStallSec',
    label: 'A simulcast target starting longer than this is stalled',
    unit: 's',
    min: 1,
    max: 3600,
  },
  {
    group: 'thresholds',
    key: 'flapCount',
    label: 'Flapping: this many disconnects…',
    unit: 'disconnects',
    min: 2,
    max: 100,
  },
  {
    group: 'thresholds',
    key: 'flapWindowSec',
    label: '…within this window',
    unit: 's',
    min: 10,
    max: 86_400,
  },
  {
    group: 'retention',
    key: 'maxAgeDays',
    label: 'Keep events for (0 = forever)',
    unit: 'days',
    min: 0,
    max: 3650,
  },
  {
    group: 'retention',
    key: 'maxEvents',
    label: 'Keep at most (0 = no limit)',
    unit: 'events',
    min: 0,
    max: 100_000_000,
  },
  {
    group: 'retention',
    key: 'viewerDays',
    label: 'Keep viewer counts for (0 = forever)',
    unit: 'days',
    min: 0,
    max: 3650,
    // Settings saved before viewer counts were kept have none: the store keeps them 90 days.
    fallback: 90,
  },
  { group: 'hold', key: 'maxMiB', label: 'Hold size limit', unit: 'MiB', ...HOLD_BOUNDS.maxMiB },
  {
    group: 'hold',
    key: 'maxDeliveries',
    label: 'Hold count limit',
    unit: 'deliveries',
    ...HOLD_BOUNDS.maxDeliveries,
  },
]

type Draft = Record<string, string>

function draftOf(settings: MonitorSettings): Draft {
  const draft: Draft = {}
  for (const f of FIELDS)
    draft[f.key] = String(
      (settings[f.group] as unknown as Record<string, number | undefined>)[f.key] ?? f.fallback,
    )
  return draft
}

function patchOf(draft: Draft): Partial<MonitorSettings> | string {
  const groups: Record<Group, Record<string, number>> = { thresholds: {}, retention: {}, hold: {} }
  for (const f of FIELDS) {
    const value = Number(draft[f.key])
    if (!Number.isInteger(value) || value < f.min || value > f.max)
      return `${f.label}: a whole number from ${f.min} to ${f.max}`
    groups[f.group][f.key] = value
  }
  // Every field of each group was just filled in from FIELDS.
  return groups as unknown as MonitorSettings
}

/** The workspace, then health thresholds, retention and the hold limits, saved through MonitorApi. */
export function Settings(): React.JSX.Element {
  const settings = useMonitor((s) => s.settings)
  const save = useMonitor((s) => s.settingsSave)
  const saveSettings = useMonitor((s) => s.saveSettings)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [invalid, setInvalid] = useState<string | null>(null)

  useEffect(() => {
    if (settings && draft === null) setDraft(draftOf(settings))
  }, [settings, draft])

  if (!settings || !draft) return <p className="page muted">Loading settings…</p>
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(settings))
  return (
    <section className="page" aria-labelledby="settings-title" data-testid="settings-view">
      <h1 id="settings-title">Settings</h1>
      <WorkspaceSettings />
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault()
          const patch = patchOf(draft)
          if (typeof patch === 'string') {
            setInvalid(patch)
            return
          }
          setInvalid(null)
          void saveSettings(patch).then((ok) => {
            if (ok) setDraft(null)
          })
        }}
      >
        {GROUPS.map(({ group, title, hint }) => (
          <div key={group} data-testid={`settings-${group}`}>
            <h2>{title}</h2>
            {hint ? (
              <p className="muted small" data-testid={`settings-${group}-hint`}>
                {hint}
              </p>
            ) : null}
            {FIELDS.filter((f) => f.group === group).map((f) => (
              <SettingInput
                key={f.key}
                field={f}
                value={draft[f.key] ?? ''}
                onChange={(value) => setDraft({ ...draft, [f.key]: value })}
              />
            ))}
          </div>
        ))}
        <div className="form-actions">
          <button type="submit" disabled={!dirty || save.state === 'saving'} data-testid="settings-save">
            {save.state === 'saving' ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            onClick={() =>
              setDraft({ ...draft, ...draftOf({ ...settings, thresholds: DEFAULT_THRESHOLDS }) })
            }
          >
            Default thresholds
          </button>
          <span
            role="status"
            data-testid="settings-status"
            className={invalid || save.state === 'error' ? 'error' : 'muted'}
          >
            {invalid ??
              (save.state === 'error'
                ? `Not saved: ${save.error}`
                : save.state === 'saved' && !dirty
                  ? 'Saved.'
                  : '')}
          </span>
        </div>
      </form>
      <NotificationSettingsForm />
    </section>
  )
}

/** One whole-number setting with its unit. */
function SettingInput({
  field,
  value,
  onChange,
}: {
  field: (typeof FIELDS)[number]
  value: string
  onChange(value: string): void
}): React.JSX.Element {
  return (
    <label className="setting">
      <span>{field.label}</span>
      <input
        type="number"
        inputMode="numeric"
        min={field.min}
        max={field.max}
        step={1}
        required
        name={field.key}
        data-testid={`setting-${field.key}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <span className="muted">{field.unit}</span>
    </label>
  )
}
