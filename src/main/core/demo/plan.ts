// buildDemoPlan: one cycle of timed deliveries for the demo workspace, fully determined by the seed.
import { buildDemoCatalog } from './catalog.ts'
import { envelope } from './payloads.ts'
import { int, mixSeed, mulberry32, uuid } from './prng.ts'
import { DEMO_CYCLE_MS, metadataAtCycleStart, runScenario } from './scenarios.ts'
import { type ScriptEvent, StreamScript } from './script.ts'
import type { DemoDelivery, DemoPlan } from './types.ts'

export interface DemoPlanOptions {
  seed: number
  /** Number of streams (default 6: one per scenario). */
  streams?: number
  /** Epoch ms of the demo start; event `createdAt` = startAt + occurredMs. */
  startAt: number
  /** Which cycle (0 = first: adds the probe and the `created` events). */
  cycle?: number
}

type Draft = Omit<DemoDelivery, 'seq' | 'duplicateOf'> & { order: number; duplicateOfOrder: number | null }

function setupEvents(scripts: StreamScript[]): void {
  for (const s of scripts) {
    s.scenario = 'setup'
    s.live(s.def.createdOffsetMs, 'created')
    for (const [k, target] of s.def.targets.entries()) {
      s.target(s.def.createdOffsetMs + 250 * (k + 1), target, 'created')
    }
    s.scenario = s.def.scenario
  }
}

export function buildDemoPlan(options: DemoPlanOptions): DemoPlan {
  const seed = options.seed >>> 0
  const cycle = Math.max(0, Math.floor(options.cycle ?? 0))
  const catalog = buildDemoCatalog({ seed, streams: options.streams ?? 6, startAt: options.startAt })
  const scripts = catalog.streams.map((def, i) => new StreamScript(def, metadataAtCycleStart(def, cycle, i)))
  if (cycle === 0) setupEvents(scripts)
  for (const [i, s] of scripts.entries())
    runScenario(s, mulberry32(mixSeed(seed, cycle, i, 0x5ce7)), cycle, i)

  const rng = mulberry32(mixSeed(seed, cycle, 0x1d5))
  const drafts: Draft[] = []
  const add = (draft: Omit<Draft, 'order'>): number => {
    drafts.push({ ...draft, order: drafts.length })
    return drafts.length - 1
  }
  if (cycle === 0) {
    add({
      atMs: 0,
      occurredMs: 0,
      cycle,
      scenario: 'setup',
      type: null,
      eventId: null,
      streamId: null,
      simulcastId: null,
      dialect: null,
      body: rng() < 0.5 ? null : {},
      probe: true,
      duplicateOfOrder: null,
      outOfOrder: false,
      lost: false,
    })
  }
  const events: ScriptEvent[] = scripts.flatMap((s) => s.events).sort((a, b) => a.occurredMs - b.occurredMs)
  for (const event of events) {
    const eventId = uuid(rng)
    const body = envelope(catalog, {
      dialect: event.stream.dialect,
      type: event.type,
      eventId,
      streamId: event.stream.id,
      data: event.data,
      occurredAt: catalog.startAt + event.occurredMs,
      // The legacy stream's simulcast events follow the docs field table (SPEC §5).
      fieldTable: event.stream.dialect === 'environment' && event.target !== null,
    })
    const base = {
      occurredMs: event.occurredMs,
      cycle,
      scenario: event.scenario,
      type: event.type,
      eventId,
      streamId: event.stream.id,
      simulcastId: event.target?.id ?? null,
      dialect: event.stream.dialect,
      body,
      probe: false,
      lost: event.lost === true,
    }
    const atMs = event.occurredMs + (event.lateByMs ?? 0) + int(rng, 60, 250)
    const original = add({ ...base, atMs, duplicateOfOrder: null, outOfOrder: event.lateByMs !== undefined })
    if (event.duplicateAfterMs !== undefined) {
      add({ ...base, atMs: atMs + event.duplicateAfterMs, duplicateOfOrder: original, outOfOrder: false })
    }
  }

  drafts.sort((a, b) => a.atMs - b.atMs || a.order - b.order)
  const seqByOrder = new Map<number, number>(drafts.map((d, seq) => [d.order, seq]))
  const deliveries: DemoDelivery[] = drafts.map(({ order: _order, duplicateOfOrder, ...rest }, seq) => ({
    seq,
    ...rest,
    duplicateOf: duplicateOfOrder === null ? null : (seqByOrder.get(duplicateOfOrder) ?? null),
  }))
  return { ...catalog, cycle, cycleMs: DEMO_CYCLE_MS, deliveries }
}
