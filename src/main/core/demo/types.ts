// Shapes of the demo workspace: the streams it owns and the deliveries it plans.

/** What each demo stream acts out every cycle. */
export type DemoScenario =
  | 'clean-session'
  | 'reconnect'
  | 'flapping'
  | 'drop-ends'
  | 'stuck-preparing'
  | 'stalled-target'

/** `workspace` = newer envelope (`workspace`, `createdAt`); `environment` = legacy docs envelope. */
export type DemoDialect = 'workspace' | 'environment'

/** REST `status` of a live stream (SPEC §7.1). */
export type DemoRestStatus = 'idle' | 'preparing' | 'active' | 'disabled'

export type DemoPlatform = 'YouTube' | 'Twitch' | 'Facebook' | 'Restream'

export interface DemoTargetDef {
  /** 32 lowercase hex, like real simulcast ids. */
  id: string
  platform: DemoPlatform
  /** REST `url`: RTMP(S) base without the key. */
  url: string
  /** Destination key (a secret: the monitor must redact it). */
  streamKey: string
  metadata: Record<string, string>
}

export interface DemoStreamDef {
  /** 32 lowercase hex. */
  id: string
  name: string
  scenario: DemoScenario
  dialect: DemoDialect
  /** Offset of its `created` event in cycle 0. */
  createdOffsetMs: number
  /** REST `createdAt`, microsecond ISO like the real API. */
  createdAt: string
  streamKey: string
  srtSecret: string
  srtPlaybackSecret: string
  playbackId: string
  maxResolution: '1080p' | '720p' | '480p'
  reconnectWindowSec: number
  enableRecording: boolean
  enableDvrMode: boolean
  lowLatency: boolean
  closedCaptions: boolean
  mediaPolicy: 'public' | 'private'
  targets: DemoTargetDef[]
}

export interface DemoCatalog {
  seed: number
  startAt: number
  workspace: { id: string; name: string }
  streams: DemoStreamDef[]
}

/** One timed POST the fake FastPix makes. Offsets are from the demo start, unscaled. */
export interface DemoDelivery {
  /** Position in the plan (send order). */
  seq: number
  /** When it is sent. */
  atMs: number
  /** When the event happened (its `createdAt` = startAt + occurredMs). */
  occurredMs: number
  cycle: number
  scenario: DemoScenario | 'setup'
  /** null for the probe. */
  type: string | null
  eventId: string | null
  streamId: string | null
  simulcastId: string | null
  dialect: DemoDialect | null
  /** Parsed body; null = empty body (probe). Sent as `JSON.stringify(body)`. */
  body: Record<string, unknown> | null
  /** FastPix's unsigned endpoint probe (empty body or `{}`). */
  probe: boolean
  /** seq of the delivery this one re-sends (same event id, same bytes). */
  duplicateOf: number | null
  /** Deliberately sent after a newer event of the same stream. */
  outOfOrder: boolean
  /** Happened (FastPix's REST API shows it) but never delivered, as when FastPix gives up retrying. */
  lost: boolean
}

export interface DemoPlan extends DemoCatalog {
  cycle: number
  cycleMs: number
  deliveries: DemoDelivery[]
}
