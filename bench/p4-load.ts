// P4's workspace: 1,000 streams with 3 simulcast targets each, and a stream of realistic
// lifecycle traffic over them (mostly healthy activity, some encoder drops and
// reconnects, simulcast updates), so the board keeps re-sorting while it is measured.
import type { Outgoing } from './p3-browser.ts'
import { streamId } from './support/payload.ts'

export const STREAMS = 1_000
export const TARGETS_PER_STREAM = 3
const SETUP_PER_STREAM = 1 + TARGETS_PER_STREAM
const PLATFORMS = [
  'rtmp://a.rtmp.youtube.com/live2/',
  'rtmp://live.twitch.tv/app/',
  'rtmps://live-api-s.facebook.com:443/rtmp/',
]

function targetId(stream: number, k: number): string {
  return `${(stream * TARGETS_PER_STREAM + k).toString(16).padStart(8, '0')}7a7a7a7a7a7a7a7a7a7a7a7a`
}

let serial = 0
function eventId(run: string): string {
  serial++
  return `${run}-${serial.toString(16).padStart(12, '0')}-4000-8000-${Date.now().toString(16)}`
}

function envelope(
  run: string,
  type: string,
  sid: string,
  data: Record<string, unknown>,
  at: number,
): Outgoing {
  const id = eventId(run)
  const body = JSON.stringify({
    type,
    object: { type: 'live', id: sid },
    id,
    workspace: { id: '0b6f7a3c-0000-4000-8000-00000000000b', name: 'P4 load' },
    data,
    createdAt: new Date(at).toISOString(),
    attempts: [],
  })
  return { id, body }
}

function streamData(n: number, status: string, viewers: number): Record<string, unknown> {
  const sid = streamId(n)
  return {
    streamId: sid,
    streamKey: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
    srtSecret: 'f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3',
    trial: false,
    status,
    maxResolution: '1080p',
    createdAt: '2026-05-20T12:50:15.267974Z',
    reconnectWindow: 60,
    enableRecording: true,
    mediaPolicy: 'public',
    metadata: { name: `Stream ${String(n).padStart(4, '0')}`, viewers: String(viewers) },
    playbackIds: [{ id: 'b957a4c3-094e-4986-b89c-2bec49b01266', accessPolicy: 'public' }],
  }
}

function targetData(n: number, k: number): Record<string, unknown> {
  return {
    simulcastId: targetId(n, k),
    livestreamId: streamId(n),
    rtmpUrl: `${PLATFORMS[k % PLATFORMS.length]}sk-${n}-${k}`,
    streamKey: `sk-${n}-${k}`,
    metadata: { platform: String(k) },
  }
}

/** Event `i` of the pre-fill: first every stream goes live with its targets, then traffic. */
export function prefillEvent(i: number, at: number): Outgoing {
  if (i < STREAMS * SETUP_PER_STREAM) {
    const n = Math.floor(i / SETUP_PER_STREAM)
    const k = i % SETUP_PER_STREAM
    if (k === 0)
      return envelope('p4fill', 'video.live_stream.active', streamId(n), streamData(n, 'active', 0), at)
    return envelope(
      'p4fill',
      'video.live_stream.simulcast_target.broadcasting',
      streamId(n),
      targetData(n, k - 1),
      at,
    )
  }
  return trafficEvent('p4fill', i, at)
}

/**
 * Steady traffic in rounds of ten events per stream (streams scattered): the encoder drops,
 * the targets report, recording, the encoder reconnects, activity. Every stream flips
 * healthy → down → healthy once a round, so the board keeps re-sorting.
 */
export function trafficEvent(run: string, i: number, at = Date.now()): Outgoing {
  const n = (Math.floor(i / 10) * 7919) % STREAMS
  const sid = streamId(n)
  const phase = i % 10
  if (phase === 0) return envelope(run, 'video.live_stream.disconnected', sid, streamData(n, 'active', 0), at)
  if (phase <= TARGETS_PER_STREAM)
    return envelope(run, 'video.live_stream.simulcast_target.broadcasting', sid, targetData(n, phase - 1), at)
  if (phase === 4)
    return envelope(run, 'video.live_stream.recording', sid, streamData(n, 'active', i % 500), at)
  if (phase === 5)
    return envelope(run, 'video.live_stream.connected', sid, streamData(n, 'active', i % 500), at)
  return envelope(run, 'video.live_stream.active', sid, streamData(n, 'active', i % 500), at)
}
