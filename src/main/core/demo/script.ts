// A per-stream event script: tracks the stream's true status so every event carries consistent data.
import { simulcastData, streamData } from './payloads.ts'
import type { DemoRestStatus, DemoScenario, DemoStreamDef, DemoTargetDef } from './types.ts'

export const LIVE_PREFIX = 'video.live_stream.'
export const SIMULCAST_PREFIX = 'video.live_stream.simulcast_target.'

export interface ScriptEvent {
  occurredMs: number
  type: string
  stream: DemoStreamDef
  target: DemoTargetDef | null
  data: Record<string, unknown>
  scenario: DemoScenario | 'setup'
  /** Deliberately delivered this long after it happened (out of order). */
  lateByMs?: number
  /** Re-sent (same id, same bytes) this long after the first delivery. */
  duplicateAfterMs?: number
  /** Never delivered (the webhook is missed; only the REST API knows). */
  lost?: boolean
}

export interface EventOptions {
  lateByMs?: number
  duplicateAfterMs?: number
  lost?: boolean
}

const STATUS_AFTER: Readonly<Record<string, DemoRestStatus>> = {
  created: 'idle',
  preparing: 'preparing',
  active: 'active',
  idle: 'idle',
  disabled: 'disabled',
}

export class StreamScript {
  readonly def: DemoStreamDef
  readonly events: ScriptEvent[] = []
  scenario: DemoScenario | 'setup'
  private status: DemoRestStatus = 'idle'
  private metadata: Record<string, string>

  constructor(def: DemoStreamDef, metadata: Record<string, string>) {
    this.def = def
    this.scenario = def.scenario
    this.metadata = { ...metadata }
  }

  /** A `video.live_stream.<kind>` event; `metadata` replaces the map (PATCH semantics) on `updated`. */
  live(atMs: number, kind: string, options: EventOptions & { metadata?: Record<string, string> } = {}): void {
    this.status = STATUS_AFTER[kind] ?? this.status
    if (options.metadata) this.metadata = { ...options.metadata }
    this.push(
      atMs,
      `${LIVE_PREFIX}${kind}`,
      null,
      streamData(this.def, this.status, this.metadata, this.def.dialect),
      options,
    )
  }

  /** A `video.live_stream.simulcast_target.<kind>` event. */
  target(
    atMs: number,
    target: DemoTargetDef,
    kind: string,
    options: EventOptions & { isEnabled?: boolean } = {},
  ): void {
    this.push(
      atMs,
      `${SIMULCAST_PREFIX}${kind}`,
      target,
      simulcastData(this.def, target, options.isEnabled),
      options,
    )
  }

  private push(
    atMs: number,
    type: string,
    target: DemoTargetDef | null,
    data: Record<string, unknown>,
    options: EventOptions,
  ): void {
    const event: ScriptEvent = {
      occurredMs: atMs,
      type,
      stream: this.def,
      target,
      data,
      scenario: this.scenario,
    }
    if (options.lateByMs !== undefined) event.lateByMs = options.lateByMs
    if (options.duplicateAfterMs !== undefined) event.duplicateAfterMs = options.duplicateAfterMs
    if (options.lost) event.lost = true
    this.events.push(event)
  }
}
