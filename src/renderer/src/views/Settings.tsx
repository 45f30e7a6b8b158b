import { useEffect, useState } from 'react'
import type { MonitorSettings } from '../../../shared/api.ts'
import { DEFAULT_THRESHOLDS, type HealthThresholds } from '../../../shared/domain.ts'
import { useMonitor } from '../stores/monitor-store.ts'
import { NotificationSettingsForm } from './NotificationSettingsForm.tsx'
import { WorkspaceSettings } from './WorkspaceSettings.tsx'

type Field =
  | { group: 'thresholds'; key: keyof HealthThresholds }
  | { group: 'retention'; key: 'maxAgeDays' | 'maxEvents' }

const FIELDS: (Field & { label: string; unit: string; min: number; max: number })[] = [
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
]

type Draft = Record<string, string>

function draftOf(settings: MonitorSettings): Draft {
  const draft: Draft = {}
  for (const f of FIELDS)
    draft[f.key] = String((settings[f.group] as unknown as Record<string, number>)[f.key])
  return draft
}

function patchOf(draft: Draft): Partial<MonitorSettings> | string {
  const thresholds: Record<string, number> = {}
  const retention: Record<string, number> = {}
  for (const f of FIELDS) {
    const value = Number(draft[f.key])
    if (!Number.isInteger(value) || value < f.min || value > f.max)
      return `${f.label}: a whole number from ${f.min} to ${f.max}`
    ;(f.group === 'thresholds' ? thresholds : retention)[f.key] = value
  }
  return {
    thresholds: thresholds as unknown as HealthThresholds,
    retention: retention as unknown as MonitorSettings['retention'],
  }
}

/** The workspace, then health thresholds and retention, saved through MonitorApi. */
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
        <h2>Health thresholds</h2>
        {FIELDS.map((f) => (
          <div key={f.key}>
            {f.key === 'maxAgeDays' ? <h2>Retention</h2> : null}
            <label className="setting">
              <span>{f.label}</span>
              <input
                type="number"
                inputMode="numeric"
                min={f.min}
                max={f.max}
                step={1}
                required
                name={f.key}
                data-testid={`setting-${f.key}`}
                value={draft[f.key] ?? ''}
                onChange={(event) => setDraft({ ...draft, [f.key]: event.target.value })}
              />
              <span className="muted">{f.unit}</span>
            </label>
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
          <span role="status" className={invalid || save.state === 'error' ? 'error' : 'muted'}>
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
