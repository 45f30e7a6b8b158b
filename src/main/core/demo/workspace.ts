// DemoWorkspace: the fake FastPix's "true" current state, shared by the simulator
// (which applies each event at the time it happens) and the REST app (which reads it).
import { buildDemoCatalog } from './catalog.ts'
import { LIVE_PREFIX, SIMULCAST_PREFIX } from './script.ts'
import type {
  DemoCatalog,
  DemoDelivery,
  DemoPlan,
  DemoRestStatus,
  DemoStreamDef,
  DemoTargetDef,
} from './types.ts'

export interface DemoTargetTruth {
  def: DemoTargetDef
  exists: boolean
  isEnabled: boolean
}

export interface DemoStreamTruth {
  def: DemoStreamDef
  exists: boolean
  status: DemoRestStatus
  metadata: Record<string, string>
  /** Epoch ms (event time) the current `active` began, else null. */
  activeSince: number | null
  targets: DemoTargetTruth[]
}

const STATUS_BY_KIND: Readonly<Record<string, DemoRestStatus>> = {
  created: 'idle',
  preparing: 'preparing',
  active: 'active',
  idle: 'idle',
  disabled: 'disabled',
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

function stringMap(value: unknown): Record<string, string> | null {
  const r = record(value)
  if (!r) return null
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(r)) if (typeof v === 'string') out[k] = v
  return out
}

/** Small deterministic hash, for stable per-stream audience sizes. */
function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

export class DemoWorkspace {
  readonly catalog: DemoCatalog
  private readonly clock: () => number
  private readonly streams = new Map<string, DemoStreamTruth>()

  constructor(catalog: DemoCatalog, clock: () => number = Date.now) {
    this.catalog = catalog
    this.clock = clock
    for (const def of catalog.streams) {
      this.streams.set(def.id, {
        def,
        exists: false,
        status: 'idle',
        metadata: { name: def.name },
        activeSince: null,
        targets: def.targets.map((t) => ({ def: t, exists: false, isEnabled: true })),
      })
    }
  }

  get id(): string {
    return this.catalog.workspace.id
  }

  /** Applies what an event says happened. Probes, duplicates and unknown types change nothing. */
  apply(delivery: DemoDelivery): void {
    if (
      delivery.probe ||
      delivery.duplicateOf !== null ||
      delivery.type === null ||
      delivery.streamId === null
    )
      return
    const stream = this.streams.get(delivery.streamId)
    if (!stream) return
    const data = record(delivery.body?.data) ?? {}
    if (delivery.type.startsWith(SIMULCAST_PREFIX)) {
      const target = stream.targets.find((t) => t.def.id === delivery.simulcastId)
      if (!target) return
      const kind = delivery.type.slice(SIMULCAST_PREFIX.length)
      if (kind === 'created') Object.assign(target, { exists: true, isEnabled: true })
      if (kind === 'deleted') target.exists = false
      if (kind === 'updated' && typeof data.isEnabled === 'boolean') target.isEnabled = data.isEnabled
      return
    }
    const kind = delivery.type.slice(LIVE_PREFIX.length)
    if (kind === 'created') stream.exists = true
    if (kind === 'deleted') stream.exists = false
    if (kind === 'updated') stream.metadata = stringMap(data.metadata) ?? stream.metadata
    const status = STATUS_BY_KIND[kind]
    if (status) {
      if (status === 'active' && stream.status !== 'active')
        stream.activeSince = this.catalog.startAt + delivery.occurredMs
      if (status !== 'active') stream.activeSince = null
      stream.status = status
    }
  }

  /** Existing streams, newest first (REST default order). */
  list(): DemoStreamTruth[] {
    return [...this.streams.values()]
      .filter((s) => s.exists)
      .sort((a, b) => b.def.createdAt.localeCompare(a.def.createdAt) || a.def.id.localeCompare(b.def.id))
  }

  get(streamId: string): DemoStreamTruth | undefined {
    const stream = this.streams.get(streamId)
    return stream?.exists ? stream : undefined
  }

  /** For the REST write actions. False for a stream that does not exist (yet). */
  setStatus(streamId: string, status: DemoRestStatus): boolean {
    const stream = this.get(streamId)
    if (!stream) return false
    if (status === 'active' && stream.status !== 'active') stream.activeSince = this.clock()
    if (status !== 'active') stream.activeSince = null
    stream.status = status
    return true
  }

  setTargetEnabled(streamId: string, simulcastId: string, enabled: boolean): boolean {
    const target = this.get(streamId)?.targets.find((t) => t.exists && t.def.id === simulcastId)
    if (!target) return false
    target.isEnabled = enabled
    return true
  }

  /** Plausible approximate viewers: ramps up after going active, wobbles, 0 unless active. */
  viewers(streamId: string): number {
    const stream = this.get(streamId)
    if (stream?.status !== 'active' || stream.activeSince === null) return 0
    const now = this.clock()
    const audience = 40 + (hash(stream.def.id) % 2400)
    const ramp = Math.min(1, Math.max(0.1, (now - stream.activeSince) / 90_000))
    const wobble = 1 + 0.08 * Math.sin(now / 17_000 + (hash(stream.def.name) % 7))
    return Math.max(1, Math.round(audience * ramp * wobble))
  }
}

export function createDemoWorkspace(options: {
  seed: number
  streams?: number
  startAt: number
  clock?: () => number
}): DemoWorkspace {
  const catalog = buildDemoCatalog({
    seed: options.seed >>> 0,
    streams: options.streams ?? 6,
    startAt: options.startAt,
  })
  return new DemoWorkspace(catalog, options.clock)
}

/** The truth after every event of `plan` that happened at or before `offsetMs` (tests, previews). */
export function applyPlanUntil(workspace: DemoWorkspace, plan: DemoPlan, offsetMs: number): DemoWorkspace {
  const due = plan.deliveries
    .filter((d) => d.occurredMs <= offsetMs)
    .sort((a, b) => a.occurredMs - b.occurredMs)
  for (const delivery of due) workspace.apply(delivery)
  return workspace
}
