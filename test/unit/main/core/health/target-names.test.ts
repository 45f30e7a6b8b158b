// One target, one name: the health model fills `displayName` into every target snapshot
// and uses it in the stream's reason; keys never reach it.
import { describe, expect, it } from 'vitest'
import { normalizeDelivery } from '../../../../../src/main/core/events/normalize.ts'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { MonitorEvent, StreamSnapshot } from '../../../../../src/shared/domain.ts'
import { fold, S, STREAM, simulcast, T0, TARGET, TARGET_B, wentLive } from './factory.ts'
import { feed } from './helpers.ts'

const FACEBOOK = 'rtmps://live-api-s.facebook.com:443/rtmp/<redacted>'
const YOUTUBE = 'rtmp://a.rtmp.youtube.com/live2/<redacted>'

const names = (s: StreamSnapshot) => Object.fromEntries(s.simulcastTargets.map((t) => [t.id, t.displayName]))

describe('simulcast target display names', () => {
  it('the platform recognised from the destination host (the port and key path never show)', () => {
    const s = fold(
      [...wentLive(T0), simulcast('starting', TARGET, T0 + S, { rtmpUrl: FACEBOOK })],
      T0 + 2 * S,
    )
    expect(s.simulcastTargets[0]).toMatchObject({
      destination: 'rtmps://live-api-s.facebook.com:443',
      displayName: 'Facebook',
    })
  })

  it('the name the metadata gives wins over the platform; the newest metadata decides, in any order', () => {
    const named = simulcast('created', TARGET, T0 - 100 * S, { metadata: { name: 'Main channel' } })
    const renamed = simulcast('updated', TARGET, T0 - 50 * S, {
      isEnabled: true,
      metadata: { title: 'Backup channel', livestream_name: 'Main Stage' },
    })
    const noMetadata = simulcast('starting', TARGET, T0 + S, { metadata: null })
    const inOrder = fold([named, renamed, ...wentLive(T0), noMetadata], T0 + 2 * S)
    const reversed = fold([noMetadata, ...wentLive(T0), renamed, named], T0 + 2 * S)
    expect(names(inOrder)).toEqual({ [TARGET]: 'Backup channel' })
    expect(names(reversed)).toEqual(names(inOrder))
    // Metadata without a name of its own (livestream_name names the stream): back to the platform.
    const unnamed = simulcast('updated', TARGET, T0 + 5 * S, {
      isEnabled: true,
      metadata: { livestream_name: 'Main Stage' },
    })
    expect(names(fold([named, renamed, ...wentLive(T0), unnamed], T0 + 6 * S))).toEqual({
      [TARGET]: 'Twitch',
    })
  })

  it('an unknown host is shown as the host; no destination at all as the short id', () => {
    const custom = fold(
      [
        ...wentLive(T0),
        simulcast('starting', TARGET, T0 + S, { rtmpUrl: 'rtmp://ingest.example.org/live/<redacted>' }),
      ],
      T0 + 2 * S,
    )
    expect(names(custom)).toEqual({ [TARGET]: 'ingest.example.org' })
    const bare = fold(
      [...wentLive(T0), simulcast('starting', TARGET, T0 + S, { rtmpUrl: null, metadata: null })],
      T0 + 2 * S,
    )
    expect(names(bare)).toEqual({ [TARGET]: '314a486a' })
  })

  it('two targets on the same platform are told apart by their short ids', () => {
    const s = fold(
      [
        ...wentLive(T0),
        simulcast('starting', TARGET, T0 + S, { rtmpUrl: YOUTUBE }),
        simulcast('starting', TARGET_B, T0 + S, { rtmpUrl: YOUTUBE }),
      ],
      T0 + 2 * S,
    )
    expect(names(s)).toEqual({ [TARGET]: 'YouTube · 314a486a', [TARGET_B]: 'YouTube · 7f1c2d3e' })
  })

  it('the stream reason names the stalled target by the same name', () => {
    const s = fold(
      [...wentLive(T0), simulcast('starting', TARGET, T0 + S, { rtmpUrl: FACEBOOK })],
      T0 + 40 * S,
    )
    expect(s.healthReason).toBe('simulcast target Facebook stalled (starting for 39 s without broadcasting)')
  })

  it('a delivered payload with real keys: the name never carries them', () => {
    const key = 'FB-1234567890123456-0-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'
    const body = {
      type: 'video.live_stream.simulcast_target.starting',
      id: '5d0c3a1e-0000-4000-8000-0000000000aa',
      object: { type: 'live', id: STREAM },
      createdAt: new Date(T0 + S).toISOString(),
      data: {
        simulcastId: TARGET,
        livestreamId: STREAM,
        rtmpUrl: `rtmps://live-api-s.facebook.com:443/rtmp/${key}`,
        streamKey: key,
        // A careless metadata name that is the key itself.
        metadata: { name: key },
      },
    }
    const result = normalizeDelivery(body, { receivedAt: T0 + 2 * S, verification: 'verified' })
    if (!result.ok) throw new Error(result.reason)
    const event: MonitorEvent = result.event
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), event])
    const target = engine.get(STREAM)?.simulcastTargets[0]
    expect(target?.displayName).toBe('Facebook')
    expect(JSON.stringify(engine.get(STREAM))).not.toContain(key)
  })

  it('snapshots saved before names existed are named on restore', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + S, { rtmpUrl: YOUTUBE })])
    const saved = JSON.parse(JSON.stringify(engine.snapshots())) as StreamSnapshot[]
    for (const s of saved) for (const t of s.simulcastTargets) delete (t as Partial<typeof t>).displayName
    const restarted = createHealthEngine({ snapshots: saved })
    expect(restarted.get(STREAM)?.simulcastTargets[0]?.displayName).toBe('YouTube')
  })
})
