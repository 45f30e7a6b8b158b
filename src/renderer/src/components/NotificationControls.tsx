import type { PausedUntil } from '../../../shared/notify.ts'
import { MUTE_CHOICES, PAUSE_CHOICES, pauseInForce } from '../../../shared/notify.ts'
import { formatHourMinute } from '../lib/format.ts'
import { useServerNow } from '../state/clock.ts'
import { useMonitor } from '../state/monitor.ts'

const CHOICE_WORD: Record<string, string> = {
  '1h': '1 h',
  '4h': '4 h',
  '8h': '8 h',
  indefinitely: 'until resumed',
}

export function untilWords(until: PausedUntil): string {
  return until === 'indefinitely' ? 'until resumed' : `until ${formatHourMinute(until)}`
}

/** Pause every notification for a while, or resume. */
export function PauseControl(): React.JSX.Element | null {
  const status = useMonitor((s) => s.notificationStatus)
  const pause = useMonitor((s) => s.pauseNotifications)
  const busy = useMonitor((s) => s.notificationAction.state === 'saving')
  const now = useServerNow()
  if (!status) return null
  const paused = pauseInForce(status.pausedUntil, now)
  if (paused !== null) {
    return (
      <div className="notify-control" data-testid="pause-control">
        <span className="notify-state paused" data-testid="pause-state">
          Notifications paused {untilWords(paused)}
        </span>
        <button type="button" disabled={busy} onClick={() => void pause(null)} data-testid="resume">
          Resume
        </button>
      </div>
    )
  }
  return (
    <fieldset className="segmented notify-control" data-testid="pause-control">
      <legend className="notify-legend">Pause all notifications</legend>
      {PAUSE_CHOICES.map((c) => (
        <button
          key={c}
          type="button"
          disabled={busy}
          data-testid={`pause-${c}`}
          onClick={() => void pause(c)}
        >
          {CHOICE_WORD[c]}
        </button>
      ))}
    </fieldset>
  )
}

/** Mute one stream's notifications for 1 / 4 / 8 h, or unmute. */
export function MuteControl({ streamId }: { streamId: string }): React.JSX.Element | null {
  const mutedUntil = useMonitor((s) => s.notificationStatus?.mutes[streamId] ?? null)
  const known = useMonitor((s) => s.notificationStatus !== null)
  const mute = useMonitor((s) => s.muteStream)
  const action = useMonitor((s) => s.notificationAction)
  const now = useServerNow()
  if (!known) return null
  const muted = mutedUntil !== null && mutedUntil > now ? mutedUntil : null
  return (
    <div className="notify-control" data-testid="mute-control">
      {muted !== null ? (
        <>
          <span className="notify-state muted-state" data-testid="mute-state">
            Notifications muted until {formatHourMinute(muted)}
          </span>
          <button
            type="button"
            disabled={action.state === 'saving'}
            onClick={() => void mute(streamId, null)}
            data-testid="unmute"
          >
            Unmute
          </button>
        </>
      ) : (
        <fieldset className="segmented">
          <legend className="notify-legend">Mute this stream’s notifications for</legend>
          {MUTE_CHOICES.map((c) => (
            <button
              key={c}
              type="button"
              disabled={action.state === 'saving'}
              data-testid={`mute-${c}`}
              onClick={() => void mute(streamId, c)}
            >
              {CHOICE_WORD[c]}
            </button>
          ))}
        </fieldset>
      )}
      {action.state === 'error' ? (
        <span className="error" role="alert">
          Not changed: {action.error}
        </span>
      ) : null}
    </div>
  )
}
