// Realistic signed FastPix deliveries for load tests: the shape of a real
// live-stream event (~900 bytes), unique event ids, a spread of streams.
import { randomUUID } from 'node:crypto'

const TYPES = [
  'video.live_stream.connected',
  'video.live_stream.preparing',
  'video.live_stream.active',
  'video.live_stream.recording',
  'video.live_stream.disconnected',
  'video.live_stream.idle',
]
const STATUS: Record<string, string> = {
  'video.live_stream.connected': 'preparing',
  'video.live_stream.preparing': 'preparing',
  'video.live_stream.active': 'active',
  'video.live_stream.recording': 'active',
  'video.live_stream.disconnected': 'active',
  'video.live_stream.idle': 'idle',
}

export function streamId(n: number): string {
  return `${n.toString(16).padStart(8, '0')}a1ed03fd4e100b807082`.padStart(32, '9').slice(-32)
}

export function eventBody(i: number, streams = 1000, at = Date.now()): string {
  const type = TYPES[i % TYPES.length] as string
  const sid = streamId(i % streams)
  return JSON.stringify({
    type,
    object: { type: 'live', id: sid },
    id: randomUUID(),
    workspace: { id: '0b6f7a3c-0000-4000-8000-00000000000a', name: 'Load test' },
    data: {
      streamId: sid,
      streamKey: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      srtSecret: 'f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3',
      trial: false,
      status: STATUS[type],
      maxResolution: '1080p',
      maxDuration: 0,
      createdAt: '2026-05-20T12:50:15.267974Z',
      reconnectWindow: 60,
      enableRecording: true,
      enableDvrMode: false,
      mediaPolicy: 'public',
      metadata: { name: `Stream ${i % streams}` },
      lowLatency: false,
      closedCaptions: false,
      playbackIds: [{ id: 'b957a4c3-094e-4986-b89c-2bec49b01266', accessPolicy: 'public' }],
      srtPlaybackResponse: {
        srtPlaybackStreamId: `play${sid}`,
        srtPlaybackSecret: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      },
    },
    createdAt: new Date(at).toISOString(),
    attempts: [],
  })
}
