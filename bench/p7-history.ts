// P7's chart history: seven days of what the charts read, written straight into a data
// folder's store (a monitor that stopped, so nothing else writes). One focus stream gets a
// viewer sample every 30 s for the whole week, with broadcasts, drops and reconnects; every
// stream gets a week of health transitions, so the overview stacks 1,000 streams over time.

import { mulberry32 } from '../src/main/core/demo/prng.ts'
import { openStore } from '../src/main/core/store/open-store.ts'
import type { Health, Transition } from '../src/shared/domain.ts'

const DAY = 86_400_000
const SAMPLE_MS = 30_000

/** Seeded, so every run writes the same week. */
const random = mulberry32

const STATUS: Record<Health, string> = {
  healthy: 'active',
  degraded: 'active',
  down: 'active',
  unknown: 'active',
  offline: 'idle',
}

function transition(
  streamId: string,
  at: number,
  from: Health | null,
  to: Health,
  reason: string,
): Transition {
  return {
    streamId,
    targetId: null,
    at,
    fromHealth: from,
    toHealth: to,
    fromStatus: from === null ? null : STATUS[from],
    toStatus: STATUS[to],
    fromConnection: from === null ? null : from === 'down' ? 'disconnected' : 'connected',
    toConnection: to === 'down' ? 'disconnected' : 'connected',
    reason,
    eventId: null,
    cause: 'event',
  }
}

/** One stream's week: idle gaps, broadcasts of 1–4 h, inside them drops, degraded spells. */
function weekOf(streamId: string, from: number, to: number, rand: () => number): Transition[] {
  const out: Transition[] = []
  let health: Health | null = null
  const go = (at: number, next: Health, reason: string): void => {
    if (next === health) return
    out.push(transition(streamId, Math.round(at), health, next, reason))
    health = next
  }
  let t = from
  go(t, 'offline', 'idle')
  while (t < to) {
    t += (1 + rand() * 10) * 3_600_000
    if (t >= to) break
    const end = Math.min(to, t + (1 + rand() * 3) * 3_600_000)
    go(t, 'healthy', 'live, encoder connected')
    let u = t
    while (u < end) {
      u += (10 + rand() * 50) * 60_000
      if (u >= end) break
      const r = rand()
      if (r < 0.3) {
        go(u, 'down', 'encoder disconnected, inside the reconnect window')
        u += 5_000 + rand() * 50_000
        go(u, 'healthy', 'live, encoder connected')
      } else if (r < 0.5) {
        go(u, 'degraded', 'simulcast target stalled')
        u += 60_000 + rand() * 600_000
        go(u, 'healthy', 'live, encoder connected')
      }
    }
    t = end
    go(t, 'offline', 'idle')
  }
  return out
}

/** Viewer samples for the focus stream: one every 30 s for the week, following its broadcasts. */
function samplesOf(
  streamId: string,
  transitions: Transition[],
  from: number,
  to: number,
  rand: () => number,
) {
  const samples: { streamId: string; at: number; count: number }[] = []
  let k = 0
  let health: Health = 'offline'
  let level = 0
  for (let at = from; at < to; at += SAMPLE_MS) {
    while (k < transitions.length && (transitions[k] as Transition).at <= at) {
      health = (transitions[k] as Transition).toHealth
      k++
    }
    const target =
      health === 'offline' ? 0 : health === 'down' ? level * 0.6 : 800 + 700 * Math.sin(at / 5_400_000)
    level = level + (target - level) * 0.2
    samples.push({ streamId, at, count: Math.max(0, Math.round(level * (0.95 + rand() * 0.1))) })
  }
  return samples
}

export interface SeededHistory {
  transitions: number
  samples: number
  from: number
  to: number
}

/** Writes the week into the store file of a stopped monitor. */
export async function seedChartHistory(
  file: string,
  streamIds: readonly string[],
  focus: string,
  now: number,
): Promise<SeededHistory> {
  const from = now - 7 * DAY
  const store = await openStore({ file, retentionIntervalMs: 0 })
  try {
    let transitions = 0
    let focusWeek: Transition[] = []
    for (const [i, id] of streamIds.entries()) {
      const week = weekOf(id, from, now - 60_000, random(i + 1))
      if (id === focus) focusWeek = week
      transitions += week.length
      await store.commitTransitions(week)
    }
    const samples = samplesOf(focus, focusWeek, from, now, random(7))
    for (let i = 0; i < samples.length; i += 5_000)
      await store.commitViewerSamples(samples.slice(i, i + 5_000))
    return { transitions, samples: samples.length, from, to: now }
  } finally {
    await store.close()
  }
}
