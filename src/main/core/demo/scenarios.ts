// What each demo stream does in one cycle. Times are ms from the demo start; each
// stream's session ends (idle) before the cycle does, so cycles repeat cleanly.
import { int, type Rng } from './prng.ts'
import type { StreamScript } from './script.ts'
import type { DemoScenario, DemoStreamDef, DemoTargetDef } from './types.ts'

export const DEMO_CYCLE_MS = 300_000
const SEC = 1000

const SESSIONS = [
  'Opening Keynote',
  'Product Launch',
  'Panel: Live Video at Scale',
  'Fireside Chat',
  'Closing Remarks',
]

/** Streams whose metadata changes (`updated`) carry it across cycles. */
function hasUpdates(def: DemoStreamDef): boolean {
  return def.scenario === 'clean-session' || def.scenario === 'stuck-preparing'
}

function metadataAfter(def: DemoStreamDef, cycle: number, index: number): Record<string, string> {
  return { name: def.name, session: SESSIONS[(cycle + index) % SESSIONS.length] ?? 'Live' }
}

/** Metadata the stream has when `cycle` begins. */
export function metadataAtCycleStart(
  def: DemoStreamDef,
  cycle: number,
  index: number,
): Record<string, string> {
  return cycle === 0 || !hasUpdates(def) ? { name: def.name } : metadataAfter(def, cycle - 1, index)
}

interface Ctx {
  s: StreamScript
  rng: Rng
  t0: number
  cycle: number
  index: number
}

/** Scenario time in [a, b] seconds after the cycle start. */
const at = (c: Ctx, a: number, b: number): number => c.t0 + int(c.rng, a * SEC, b * SEC)

/** Targets go starting → broadcasting (except `stalled`); spaced so deliveries never cross by accident. */
function startTargets(c: Ctx, from: number, stalled: ReadonlySet<string> = new Set()): number {
  const targets = c.s.def.targets
  const delay = int(c.rng, 3 * SEC, 5 * SEC)
  let last = from
  for (const [i, target] of targets.entries()) c.s.target(from + i * 600, target, 'starting')
  for (const [i, target] of targets.entries()) {
    if (stalled.has(target.id)) continue
    last = from + delay + i * 700
    c.s.target(last, target, 'broadcasting')
  }
  return last
}

interface GoLiveOptions {
  stalled?: ReadonlySet<string>
  /** Deliver `preparing` after `active` (out-of-order pair). */
  latePreparing?: boolean
  /** Re-send `active` (duplicate delivery). */
  duplicateActive?: boolean
}

/** connected → preparing → active → recording, then targets. Returns the `active` time. */
function goLive(c: Ctx, start: number, options: GoLiveOptions = {}): number {
  const { s, rng } = c
  const preparing = start + int(rng, 1200, 2000)
  const active = preparing + int(rng, 3 * SEC, 4500)
  s.live(start, 'connected')
  s.live(preparing, 'preparing', options.latePreparing ? { lateByMs: active - preparing + 900 } : {})
  s.live(active, 'active', options.duplicateActive ? { duplicateAfterMs: int(rng, 2 * SEC, 4 * SEC) } : {})
  if (s.def.enableRecording) s.live(active + SEC, 'recording')
  startTargets(c, active + 1500, options.stalled)
  return active
}

/** Encoder drops; `reconnectAfterMs` inside the window reconnects, else idle when the window expires. */
function drop(
  c: Ctx,
  when: number,
  reconnectAfterMs: number | null,
  options: { duplicate?: boolean; idleLost?: boolean } = {},
): number {
  const { s, rng } = c
  s.live(when, 'disconnected', options.duplicate ? { duplicateAfterMs: int(rng, 2500, 4 * SEC) } : {})
  if (reconnectAfterMs === null) {
    const idle = when + s.def.reconnectWindowSec * SEC
    s.live(idle, 'idle', options.idleLost ? { lost: true } : {})
    return idle
  }
  const back = when + reconnectAfterMs
  s.live(back, 'connected')
  s.live(back + int(rng, 1000, 1500), 'active')
  return startTargets(c, back + 2500)
}

const last = (targets: readonly DemoTargetDef[]): DemoTargetDef | undefined => targets[targets.length - 1]

const SCRIPTS: Record<DemoScenario, (c: Ctx) => void> = {
  'clean-session': (c) => {
    goLive(c, at(c, 8, 14), { latePreparing: true, duplicateActive: true })
    c.s.live(at(c, 90, 110), 'updated', { metadata: metadataAfter(c.s.def, c.cycle, c.index) })
    drop(c, at(c, 215, 222), null)
  },
  reconnect: (c) => {
    goLive(c, at(c, 18, 24))
    drop(c, at(c, 100, 110), int(c.rng, 15 * SEC, 40 * SEC))
    const target = c.s.def.targets[0]
    if (target) {
      const off = at(c, 170, 180)
      const on = off + int(c.rng, 25 * SEC, 35 * SEC)
      c.s.target(off, target, 'updated', { isEnabled: false })
      c.s.target(on, target, 'updated', { isEnabled: true })
      c.s.target(on + SEC, target, 'starting')
      c.s.target(on + 4 * SEC, target, 'broadcasting')
    }
    drop(c, at(c, 225, 228), null)
  },
  flapping: (c) => {
    goLive(c, at(c, 12, 16))
    let when = at(c, 55, 65)
    drop(c, when, int(c.rng, 5 * SEC, 12 * SEC), { duplicate: true })
    for (const gap of [40, 40, 35]) {
      when += int(c.rng, (gap - 5) * SEC, (gap + 5) * SEC)
      drop(c, when, int(c.rng, 5 * SEC, 12 * SEC))
    }
    drop(c, at(c, 228, 230), null)
  },
  'drop-ends': (c) => {
    goLive(c, at(c, 28, 34))
    // FastPix never delivers the idle: the stream turns unknown, and the reconciler reads it as idle.
    drop(c, at(c, 140, 160), null, { idleLost: true })
  },
  'stuck-preparing': (c) => {
    const { s, rng } = c
    const start = at(c, 22, 28)
    const preparing = start + 1800
    const active = preparing + int(rng, 70 * SEC, 90 * SEC)
    s.live(start, 'connected')
    s.live(start + 800, 'srt_detected')
    s.live(preparing, 'preparing')
    s.live(active, 'active')
    s.live(active + SEC, 'recording')
    startTargets(c, active + 1500)
    s.live(at(c, 170, 180), 'updated', { metadata: metadataAfter(s.def, c.cycle, c.index) })
    drop(c, at(c, 225, 230), null)
  },
  'stalled-target': (c) => {
    const stalled = last(c.s.def.targets)
    if (stalled && c.cycle > 0) c.s.target(at(c, 4, 7), stalled, 'updated', { isEnabled: true })
    goLive(c, at(c, 35, 45), { stalled: new Set(stalled ? [stalled.id] : []) })
    if (stalled) c.s.target(at(c, 150, 160), stalled, 'updated', { isEnabled: false })
    drop(c, at(c, 205, 215), null)
  },
}

export function runScenario(s: StreamScript, rng: Rng, cycle: number, index: number): void {
  SCRIPTS[s.def.scenario]({ s, rng, t0: cycle * DEMO_CYCLE_MS, cycle, index })
}
