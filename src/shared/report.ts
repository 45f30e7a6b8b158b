// Broadcast reports: the JSON shape other tools rely on (field names are fixed; fields may
// be added). Times are ISO 8601 strings, durations milliseconds. No Node or Electron imports.
import type { Health } from './domain.ts'
import type { DecisionRule } from './notify.ts'

/** One viewer-count reading of a stream (FastPix's approximate count). */
export interface ViewerSample {
  at: number
  count: number
}

export const REPORT_FORMATS = ['md', 'html', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** An exported report: what a download saves. */
export interface ReportFile {
  filename: string
  contentType: string
  body: string
}

/** Which broadcast: the newest, its number (1 = the oldest kept), or the one live at an ISO time. */
export type BroadcastRef = 'latest' | number | string

export interface BroadcastSummary {
  number: number
  startedAt: string
  endedAt: string | null
  durationMs: number
  disconnects: number
  live: boolean
}

export interface ReportTarget {
  id: string
  name: string
  outages: { startedAt: string; durationMs: number; state: string }[]
}

export interface ReportCorrection {
  at: string
  /** What the monitor believed (the stream's status), when known. */
  from: string | null
  /** What FastPix said. */
  to: string
  targetId: string | null
  /** In words, what the webhooks had missed. */
  missed: string[]
}

export interface BroadcastReport {
  stream: { id: string; name: string | null }
  broadcast: {
    number: number
    startedAt: string
    /** null while live. */
    endedAt: string | null
    /** `window`: the encoder stayed away past the reconnect window. */
    endedBy: 'idle' | 'disabled' | 'deleted' | 'window' | null
    durationMs: number
    reconnectWindowSec: number
    timeInHealthMs: Record<Health, number>
    /** The stream's health through the broadcast, span after span (what the chart's bands show). */
    healthSpans: { startedAt: string; durationMs: number; health: Health; reason: string }[]
    disconnects: {
      at: string
      /** null while the encoder is still away inside the window. */
      durationMs: number | null
      reconnected: boolean
      viewersAtStart: number | null
    }[]
    flapping: { startedAt: string; endedAt: string; durationMs: number; disconnects: number }[]
    targets: ReportTarget[]
    viewers: { peak: number | null; average: number | null; samples: number }
    /** The viewer-count readings inside the broadcast, oldest first. */
    viewerSamples: { at: string; count: number }[]
    notifications: {
      at: string
      rule: DecisionRule
      raised: boolean
      /** Raised: what it said; suppressed: why not. */
      reason: string
      title: string
      targetId: string | null
    }[]
    /**
     * The stream was late for its schedule when this broadcast began (the watchdog said so
     * from `since`); null when it had no schedule or was on time.
     */
    late: { since: string; byMs: number; expected: string; reason: string } | null
    corrections: ReportCorrection[]
    delivery: {
      events: number
      lagMs: { p50: number | null; p95: number | null; max: number | null }
      duplicates: number
      outOfOrder: number
    }
  }
}
