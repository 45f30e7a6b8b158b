// Which transitions raise which notification, with the exact words.
import { describe, expect, it } from 'vitest'
import { ruleFor } from '../../../../../src/main/core/notify/rules.ts'
import type { Transition } from '../../../../../src/shared/domain.ts'
import { harness, SHAPES, streamT, T0, targetT } from './helpers.ts'

interface Row {
  name: string
  t: Transition
  rule: string | null
  title?: string
  body?: string
  urgency?: string
}

const rows: Row[] = [
  {
    name: 'idle → active is live',
    t: streamT('live'),
    rule: 'live',
    title: 'Main Stage is live',
    body: 'The stream went live.',
    urgency: 'normal',
  },
  {
    name: 'preparing → active is live',
    t: streamT({ ...SHAPES.live, fromStatus: 'preparing', fromHealth: 'healthy' }),
    rule: 'live',
    title: 'Main Stage is live',
  },
  {
    name: 'first sight of an active stream is live',
    t: streamT({ ...SHAPES.live, fromStatus: null, fromHealth: null, fromConnection: null }),
    rule: 'live',
  },
  {
    name: 'live but already degraded says so',
    t: streamT({ ...SHAPES.live, toHealth: 'degraded', reason: 'simulcast target abc stalled' }),
    rule: 'live',
    body: 'The stream went live but is degraded (simulcast target abc stalled).',
  },
  {
    name: 'encoder disconnected while active is down, with the deadline',
    t: streamT('down'),
    rule: 'down',
    title: 'Main Stage is down',
    body: 'Encoder disconnected — must reconnect by 14:32:05 (60 s).',
    urgency: 'critical',
  },
  {
    name: 'idle → active but disconnected (late events) is down',
    t: streamT({ ...SHAPES.down, fromStatus: 'idle', fromHealth: 'offline' }),
    rule: 'down',
  },
  {
    name: 'down → healthy is recovered',
    t: streamT('recovered'),
    rule: 'recovered',
    title: 'Main Stage recovered',
    body: 'Encoder reconnected — healthy.',
    urgency: 'normal',
  },
  {
    name: 'down → degraded (now flapping) is recovered, with the reason',
    t: streamT('flapping'),
    rule: 'recovered',
    body: 'Encoder reconnected — degraded (flapping: 3 disconnects in 5 min).',
  },
  {
    name: 'unknown → healthy while active is recovered',
    t: streamT({ ...SHAPES.recovered, fromHealth: 'unknown' }),
    rule: 'recovered',
    body: 'Heard from the stream again — healthy.',
  },
  {
    name: 'active → idle after a disconnect is ended',
    t: streamT('ended'),
    rule: 'ended',
    title: 'Main Stage ended',
    body: 'Stream is idle: the encoder did not reconnect in time.',
    urgency: 'normal',
  },
  {
    name: 'active (connected) → disabled is ended',
    t: streamT({ ...SHAPES.ended, fromHealth: 'healthy', fromConnection: 'connected', toStatus: 'disabled' }),
    rule: 'ended',
    body: 'Stream is disabled.',
  },
  {
    name: 'down → unknown is state unknown',
    t: streamT('unknown', { cause: 'clock', eventId: null }),
    rule: 'unknown',
    title: 'Main Stage: state unknown',
    body: 'Reconnect window expired without idle.',
    urgency: 'normal',
  },
  {
    name: 'target starting → stalled',
    t: targetT('starting', 'stalled'),
    rule: 'target-stalled',
    title: 'Main Stage: simulcast target stalled',
    body: 'Target target-y: stalled (starting for 31 s without broadcasting).',
    urgency: 'normal',
  },
  {
    name: 'target stalled → broadcasting',
    t: targetT('stalled', 'broadcasting'),
    rule: 'target-recovered',
    title: 'Main Stage: simulcast target recovered',
    body: 'Target target-y is broadcasting again.',
    urgency: 'low',
  },
  { name: 'idle → preparing is nothing', t: streamT('preparing'), rule: null },
  { name: 'preparing too long (degraded) is nothing', t: streamT('stalledPreparing'), rule: null },
  {
    name: 'a new stream never heard from is nothing',
    t: streamT({
      fromHealth: null,
      toHealth: 'unknown',
      fromStatus: null,
      toStatus: 'unknown',
      fromConnection: null,
      toConnection: 'unknown',
      reason: 'never heard from this stream',
    }),
    rule: null,
  },
  {
    name: 'preparing → idle is nothing (it never went live)',
    t: streamT({ ...SHAPES.preparing, fromStatus: 'preparing', toStatus: 'idle', toHealth: 'offline' }),
    rule: null,
  },
  { name: 'target starting → broadcasting is nothing', t: targetT('starting', 'broadcasting'), rule: null },
  { name: 'target stalled → idle (parent ended) is nothing', t: targetT('stalled', 'idle'), rule: null },
  // The encoder drop is the stream's own notification ("down"); its targets add none.
  { name: 'target broadcasting → waiting is nothing', t: targetT('broadcasting', 'waiting'), rule: null },
  { name: 'target stalled → waiting is nothing', t: targetT('stalled', 'waiting'), rule: null },
  { name: 'target waiting → broadcasting is nothing', t: targetT('waiting', 'broadcasting'), rule: null },
]

describe('notification rules', () => {
  it.each(rows)('$name', (row) => {
    expect(ruleFor(row.t)).toBe(row.rule)
    const h = harness()
    const out = h.n.consider([row.t])
    if (row.rule === null) {
      expect(out).toEqual([])
      return
    }
    expect(out).toHaveLength(1)
    const d = out[0]!
    expect(d).toMatchObject({ rule: row.rule, outcome: 'raised', why: '', streamId: 'main', at: T0 })
    expect(d.targetId).toBe(row.t.targetId)
    expect(d.transitionAt).toBe(row.t.at)
    if (row.title !== undefined) expect(d.title).toBe(row.title)
    if (row.body !== undefined) expect(d.body).toBe(row.body)
    if (row.urgency !== undefined) expect(d.urgency).toBe(row.urgency)
  })

  it('takes the deadline and window from the snapshot when the stream has its own', () => {
    const h = harness()
    const [d] = h.n.consider([streamT('down')], {
      streams: [{ id: 'main', name: 'Main Stage', reconnectDeadline: T0 + 120_000, reconnectWindowSec: 120 }],
    })
    expect(d!.body).toBe('Encoder disconnected — must reconnect by 14:33:05 (120 s).')
  })

  it('formats the deadline in the local zone', () => {
    const h = harness({ utcOffset: () => 120 })
    expect(h.n.consider([streamT('down')])[0]!.body).toBe(
      'Encoder disconnected — must reconnect by 16:32:05 (60 s).',
    )
  })

  it('names streams by snapshot name, then the lookup, then the short id', () => {
    const h = harness()
    const fromSnapshot = h.n.consider([streamT('live', { streamId: 'game' })], {
      streams: [
        { id: 'game', name: 'Game Night (snapshot)', reconnectDeadline: null, reconnectWindowSec: 60 },
      ],
    })
    expect(fromSnapshot[0]!.title).toBe('Game Night (snapshot) is live')
    expect(h.n.consider([streamT('live', { streamId: 'talk' })])[0]!.title).toBe('Talk Show is live')
    expect(h.n.consider([streamT('live', { streamId: 'a1b2c3d4e5f6' })])[0]!.title).toBe('a1b2c3d4… is live')
  })

  it("names a simulcast target by the snapshot's display name (the short id without one)", () => {
    const h = harness()
    const [d] = h.n.consider([targetT('starting', 'stalled')], {
      streams: [
        {
          id: 'main',
          name: null,
          reconnectDeadline: null,
          reconnectWindowSec: 60,
          simulcastTargets: [{ id: 'target-youtube-1', displayName: 'YouTube' }],
        },
      ],
    })
    expect(d!.body).toBe('Target YouTube: stalled (starting for 31 s without broadcasting).')
  })

  it('carries the stream id so a click can open it, and sound follows the setting and urgency', () => {
    const h = harness()
    const [down] = h.n.consider([streamT('down')])
    const [back] = h.n.consider([targetT('stalled', 'broadcasting', { streamId: 'game' })])
    expect(down).toMatchObject({ streamId: 'main', sound: true })
    expect(back).toMatchObject({ streamId: 'game', targetId: 'target-youtube-1', sound: false })
  })
})
