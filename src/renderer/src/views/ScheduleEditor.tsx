import { useEffect, useState } from 'react'
import type { StreamSnapshot } from '../../../shared/domain.ts'
import {
  hostTimeZone,
  instantOfWallClock,
  isTimeZone,
  type Schedule,
  scheduleSchema,
  WEEKDAY_NAMES,
  wallClockOf,
} from '../../../shared/schedule.ts'
import { nextLabel, scheduleSummary, WATCH_WORD } from '../lib/schedule-words.ts'
import { useServerNow } from '../state/clock.ts'
import { useMonitor } from '../state/monitor.ts'

type Kind = 'none' | 'once' | 'weekly'
type EndKind = 'none' | 'time' | 'duration'

interface Draft {
  kind: Kind
  days: boolean[]
  time: string
  onceAt: string
  onceEnd: string
  endKind: EndKind
  endTime: string
  endMinutes: string
  graceMin: string
  endGraceMin: string
  timeZone: string
}

const KIND_WORD: Record<Kind, string> = { none: 'No schedule', once: 'Once', weekly: 'Weekly' }
const FIELD_WORD: Record<string, string> = {
  timeZone: 'Time zone',
  time: 'Live at',
  at: 'Live at',
  endAt: 'Expected end',
  end: 'Expected end',
  graceMin: 'Grace',
  endGraceMin: 'End grace',
  days: 'Days',
}

function draftOf(schedule: Schedule | undefined, now: number): Draft {
  const zone = schedule?.timeZone ?? hostTimeZone()
  const inAnHour = Math.ceil((now + 3_600_000) / 3_600_000) * 3_600_000
  const base: Draft = {
    kind: 'none',
    days: WEEKDAY_NAMES.map((_, i) => i === 0),
    time: '10:00',
    onceAt: wallClockOf(inAnHour, zone),
    onceEnd: '',
    endKind: 'none',
    endTime: '11:00',
    endMinutes: '60',
    graceMin: '5',
    endGraceMin: '5',
    timeZone: zone,
  }
  if (schedule === undefined) return base
  const common = {
    ...base,
    kind: schedule.kind,
    graceMin: String(schedule.graceMin),
    endGraceMin: String(schedule.endGraceMin),
  }
  if (schedule.kind === 'once') {
    return {
      ...common,
      onceAt: wallClockOf(Date.parse(schedule.at), zone),
      onceEnd: schedule.endAt === null ? '' : wallClockOf(Date.parse(schedule.endAt), zone),
    }
  }
  return {
    ...common,
    days: WEEKDAY_NAMES.map((_, i) => schedule.days.includes(i as never)),
    time: schedule.time,
    endKind: schedule.end === null ? 'none' : schedule.end.kind,
    endTime: schedule.end?.kind === 'time' ? schedule.end.time : base.endTime,
    endMinutes: schedule.end?.kind === 'duration' ? String(schedule.end.minutes) : base.endMinutes,
  }
}

/** A wall clock of the form in the draft's zone as an ISO instant ('' when it cannot be read). */
function isoOf(wall: string, zone: string): string {
  const at = isTimeZone(zone) ? instantOfWallClock(wall, zone) : null
  return at === null ? wall : new Date(at).toISOString()
}

/** The draft as a schedule (null: none), or the first problem in words (the core's own schema). */
export function scheduleOfDraft(d: Draft): Schedule | null | string {
  if (d.kind === 'none') return null
  const common = {
    graceMin: Number(d.graceMin === '' ? Number.NaN : d.graceMin),
    endGraceMin: Number(d.endGraceMin === '' ? Number.NaN : d.endGraceMin),
    timeZone: d.timeZone.trim(),
  }
  const raw =
    d.kind === 'once'
      ? {
          kind: 'once',
          at: isoOf(d.onceAt, common.timeZone),
          endAt: d.onceEnd === '' ? null : isoOf(d.onceEnd, common.timeZone),
          ...common,
        }
      : {
          kind: 'weekly',
          days: d.days.flatMap((on, i) => (on ? [i] : [])),
          time: d.time,
          end:
            d.endKind === 'none'
              ? null
              : d.endKind === 'time'
                ? { kind: 'time', time: d.endTime }
                : { kind: 'duration', minutes: Number(d.endMinutes) },
          ...common,
        }
  const parsed = scheduleSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = String(issue?.path[0] ?? '')
  const message = field === 'at' || field === 'endAt' ? 'choose a date and time' : issue?.message
  return `${FIELD_WORD[field] ?? 'Schedule'}: ${message ?? 'invalid'}.`
}

function Input(props: {
  label: string
  unit?: string
  type: 'time' | 'number' | 'text' | 'datetime-local'
  testId: string
  value: string
  onChange(value: string): void
  min?: number
  max?: number
}): React.JSX.Element {
  return (
    <label className="setting">
      <span>{props.label}</span>
      <input
        type={props.type}
        {...(props.type === 'number'
          ? { inputMode: 'numeric' as const, min: props.min, max: props.max, step: 1 }
          : {})}
        value={props.value}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span className="muted">{props.unit ?? ''}</span>
    </label>
  )
}

/** When this stream should be live: the watchdog calls it late, ended early or overrunning. */
export function ScheduleEditor({ stream }: { stream: StreamSnapshot }): React.JSX.Element {
  const now = useServerNow()
  const save = useMonitor((s) => s.saveSchedule)
  const saving = useMonitor((s) => (s.scheduleSave.streamId === stream.id ? s.scheduleSave : null))
  const current = stream.schedule
  const currentKey = JSON.stringify(current?.schedule ?? null)
  const [draft, setDraft] = useState<Draft>(() => draftOf(current?.schedule, now))
  const [invalid, setInvalid] = useState<string | null>(null)

  // A schedule saved here or elsewhere: the form starts again from it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the saved schedule changes
  useEffect(() => {
    setDraft(draftOf(current?.schedule, now))
  }, [currentKey])

  const put = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch })
  const next = current ? nextLabel(current, now) : null
  const hasEnd = draft.kind === 'once' ? draft.onceEnd !== '' : draft.endKind !== 'none'
  return (
    <section className="panel" aria-labelledby="schedule-title" data-testid="schedule-editor">
      <h2 id="schedule-title">Schedule</h2>
      <p className="muted" data-testid="schedule-current">
        {current ? (
          <>
            {scheduleSummary(current.schedule)}
            {next !== null ? ` · ${next}` : ''}
            {current.watch !== null ? (
              <strong className="schedule-watch" data-testid="schedule-watch">
                {' '}
                · {WATCH_WORD[current.watch]}
              </strong>
            ) : null}
          </>
        ) : (
          'No schedule: nobody is told if this stream is not live when it should be.'
        )}
      </p>
      <form
        className="settings-form"
        data-testid="schedule-form"
        // The core's schema says what is wrong, in the same words as the API.
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const schedule = scheduleOfDraft(draft)
          if (typeof schedule === 'string') {
            setInvalid(schedule)
            return
          }
          setInvalid(null)
          void save(stream.id, schedule)
        }}
      >
        <fieldset className="segmented">
          <legend className="visually-hidden">Kind of schedule</legend>
          {(['none', 'once', 'weekly'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={draft.kind === kind}
              data-testid={`schedule-kind-${kind}`}
              onClick={() => put({ kind })}
            >
              {KIND_WORD[kind]}
            </button>
          ))}
        </fieldset>
        {draft.kind === 'weekly' ? (
          <>
            <fieldset className="rule-list">
              <legend>Days</legend>
              {WEEKDAY_NAMES.map((name, i) => (
                <label key={name} className="check">
                  <input
                    type="checkbox"
                    checked={draft.days[i] ?? false}
                    data-testid={`schedule-day-${i}`}
                    onChange={(event) =>
                      put({ days: draft.days.map((on, j) => (j === i ? event.target.checked : on)) })
                    }
                  />
                  {name}
                </label>
              ))}
            </fieldset>
            <Input
              label="Live at"
              unit="local"
              type="time"
              testId="schedule-time"
              value={draft.time}
              onChange={(time) => put({ time })}
            />
            <label className="setting">
              <span>Expected end</span>
              <select
                value={draft.endKind}
                data-testid="schedule-end-kind"
                onChange={(event) => put({ endKind: event.target.value as EndKind })}
              >
                <option value="none">none</option>
                <option value="time">at a time</option>
                <option value="duration">after a duration</option>
              </select>
              <span />
            </label>
            {draft.endKind === 'time' ? (
              <Input
                label="Ends at"
                unit="local"
                type="time"
                testId="schedule-end-time"
                value={draft.endTime}
                onChange={(endTime) => put({ endTime })}
              />
            ) : null}
            {draft.endKind === 'duration' ? (
              <Input
                label="Lasts"
                unit="min"
                type="number"
                min={1}
                max={1440}
                testId="schedule-end-minutes"
                value={draft.endMinutes}
                onChange={(endMinutes) => put({ endMinutes })}
              />
            ) : null}
          </>
        ) : null}
        {draft.kind === 'once' ? (
          <>
            <Input
              label="Live at"
              type="datetime-local"
              testId="schedule-once-at"
              value={draft.onceAt}
              onChange={(onceAt) => put({ onceAt })}
            />
            <Input
              label="Expected end (optional)"
              type="datetime-local"
              testId="schedule-once-end"
              value={draft.onceEnd}
              onChange={(onceEnd) => put({ onceEnd })}
            />
          </>
        ) : null}
        {draft.kind !== 'none' ? (
          <>
            <Input
              label="Grace: late when not live this long after the time"
              unit="min"
              type="number"
              min={0}
              max={120}
              testId="schedule-grace"
              value={draft.graceMin}
              onChange={(graceMin) => put({ graceMin })}
            />
            {hasEnd ? (
              <Input
                label="End grace: an end or overrun this close is on time"
                unit="min"
                type="number"
                min={0}
                max={120}
                testId="schedule-end-grace"
                value={draft.endGraceMin}
                onChange={(endGraceMin) => put({ endGraceMin })}
              />
            ) : null}
            <Input
              label="Time zone (IANA name)"
              type="text"
              testId="schedule-zone"
              value={draft.timeZone}
              onChange={(timeZone) => put({ timeZone })}
            />
          </>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            disabled={saving?.state === 'saving' || (draft.kind === 'none' && current === undefined)}
            data-testid="schedule-save"
          >
            {saving?.state === 'saving'
              ? 'Saving…'
              : draft.kind === 'none'
                ? 'Clear the schedule'
                : 'Save schedule'}
          </button>
          <span
            role="status"
            data-testid="schedule-status"
            className={invalid || saving?.state === 'error' ? 'error' : 'muted'}
          >
            {invalid ??
              (saving?.state === 'error'
                ? `Not saved: ${saving.error}`
                : saving?.state === 'saved'
                  ? 'Saved.'
                  : '')}
          </span>
        </div>
      </form>
    </section>
  )
}
