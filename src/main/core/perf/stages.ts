// Where the time of one webhook delivery goes (P1 in the bench): accumulated
// performance.now() laps of the synchronous stages on the main thread, plus the
// store writer's own account of each group it committed. Off unless a bench turns it
// on; off, a lap is one property read.

/** Synchronous main-thread stages of one delivery, in path order. */
export const INGEST_STAGES = ['verify', 'parse', 'normalize', 'handoff', 'fold', 'reply'] as const
export type IngestStage = (typeof INGEST_STAGES)[number]

/** One committed group as the writer worker measured it. */
export interface GroupTiming {
  writes: number
  /** The whole transaction: BEGIN, every write, COMMIT (µs). */
  batchUs: number
  /** COMMIT alone, its fsync included (µs). */
  commitUs: number
}

export interface StageReport {
  /** Deliveries answered 202 while timing was on. */
  events: number
  /** Total µs per stage over those deliveries. */
  us: Record<IngestStage, number>
  /** From handing an event to the store until its commit was acknowledged, summed (µs; waiting, not work). */
  ackWaitUs: number
  /** Write messages posted to the writer (a message carries the writes queued together). */
  messages: number
  groups: number
  groupWrites: number
  groupBatchUs: number
  groupCommitUs: number
}

export interface StageTiming {
  readonly on: boolean
  /** A start mark: now, or 0 while off. */
  mark(): number
  /** Adds the time since `since` to `stage`; returns now (the next stage's start), or 0 while off. */
  lap(stage: IngestStage, since: number): number
  /** An event's commit was acknowledged `since` the mark taken when it was handed over. */
  ackWaited(since: number): void
  /** A delivery was answered 202. */
  answered(): void
  /** A message of writes went to the store writer. */
  posted(): void
  group(timing: GroupTiming): void
  /** Starts a fresh account. */
  enable(): void
  /** Stops and returns the account since enable(). */
  disable(): StageReport
}

const zeros = (): Record<IngestStage, number> =>
  Object.fromEntries(INGEST_STAGES.map((s) => [s, 0])) as Record<IngestStage, number>

export function createStageTiming(): StageTiming {
  let on = false
  let totals = zeros()
  let events = 0
  let ackWaitUs = 0
  let messages = 0
  let groups = 0
  let groupWrites = 0
  let groupBatchUs = 0
  let groupCommitUs = 0

  return {
    get on() {
      return on
    },
    mark: () => (on ? performance.now() : 0),
    lap(stage, since) {
      if (!on) return 0
      const now = performance.now()
      totals[stage] += (now - since) * 1000
      return now
    },
    ackWaited(since) {
      if (on) ackWaitUs += (performance.now() - since) * 1000
    },
    answered() {
      if (on) events++
    },
    posted() {
      if (on) messages++
    },
    group(timing) {
      if (!on) return
      groups++
      groupWrites += timing.writes
      groupBatchUs += timing.batchUs
      groupCommitUs += timing.commitUs
    },
    enable() {
      totals = zeros()
      events = 0
      ackWaitUs = 0
      messages = 0
      groups = 0
      groupWrites = 0
      groupBatchUs = 0
      groupCommitUs = 0
      on = true
    },
    disable() {
      on = false
      return {
        events,
        us: { ...totals },
        ackWaitUs,
        messages,
        groups,
        groupWrites,
        groupBatchUs,
        groupCommitUs,
      }
    },
  }
}

/** The process's one account, read by the receiver, the intake and the store client. */
export const ingestStages: StageTiming = createStageTiming()
