// The demo workspace's streams and simulcast targets, derived from the seed alone.
import { alnum, digits, hex, int, lowerAlnum, mixSeed, mulberry32, pick, type Rng, uuid } from './prng.ts'
import type { DemoCatalog, DemoPlatform, DemoScenario, DemoStreamDef, DemoTargetDef } from './types.ts'

const NAMES = [
  'Main Stage',
  'Studio B',
  'Gaming Night',
  'Church Service',
  'Conference Hall 2',
  'Lobby Cam',
  'Newsroom',
  'Backstage',
  'Podcast Live',
  'Outdoor Cam',
  'Arena North',
  'Classroom 4',
]

export const SCENARIOS: readonly DemoScenario[] = [
  'clean-session',
  'reconnect',
  'flapping',
  'drop-ends',
  'stuck-preparing',
  'stalled-target',
]

/** Destinations per scenario; the stalled-target stream's last target is the one that never broadcasts. */
const TARGETS: Record<DemoScenario, DemoPlatform[]> = {
  'clean-session': ['YouTube', 'Twitch'],
  reconnect: ['Facebook'],
  flapping: ['Twitch'],
  'drop-ends': ['YouTube', 'Facebook', 'Restream'],
  'stuck-preparing': [],
  'stalled-target': ['YouTube', 'Facebook'],
}

const TWITCH_INGESTS = ['hyd01', 'fra05', 'iad05', 'lhr08', 'sea02']

function destination(rng: Rng, platform: DemoPlatform): { url: string; streamKey: string } {
  switch (platform) {
    case 'YouTube':
      return {
        url: 'rtmp://a.rtmp.youtube.com/live2/',
        streamKey: [4, 4, 4, 4, 4].map((n) => lowerAlnum(rng, n)).join('-'),
      }
    case 'Twitch':
      return {
        url: `rtmp://${pick(rng, TWITCH_INGESTS)}.contribute.live-video.net/app/`,
        streamKey: `live_${digits(rng, 10)}_${alnum(rng, 30)}`,
      }
    case 'Facebook':
      return {
        url: 'rtmps://live-api-s.facebook.com:443/rtmp/',
        streamKey: `FB-${digits(rng, 16)}-0-${alnum(rng, 36)}`,
      }
    case 'Restream':
      return { url: 'rtmp://live.restream.io/live/', streamKey: `re_${digits(rng, 7)}_${hex(rng, 20)}` }
  }
}

/** REST-style timestamp with microseconds, e.g. `2026-05-20T12:50:15.267974Z`. */
function microsIso(ms: number, extra: number): string {
  return new Date(ms).toISOString().replace('Z', `${String(extra).padStart(3, '0')}Z`)
}

function nameFor(index: number): string {
  return NAMES[index] ?? `Stream ${index + 1}`
}

export function buildDemoCatalog(options: { seed: number; streams: number; startAt: number }): DemoCatalog {
  const { seed, startAt } = options
  const count = Math.max(1, Math.floor(options.streams))
  const rng = mulberry32(mixSeed(seed, 0xca7a))
  const workspace = { id: uuid(rng), name: 'Demo Workspace' }
  const spacing = Math.min(1000, Math.floor(6000 / count))
  const streams: DemoStreamDef[] = []
  for (let i = 0; i < count; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length] ?? 'clean-session'
    const name = nameFor(i)
    const createdOffsetMs = 1000 + i * spacing
    const targets: DemoTargetDef[] = (TARGETS[scenario] ?? []).map((platform) => ({
      id: hex(rng, 32),
      platform,
      ...destination(rng, platform),
      metadata: { livestream_name: name, platform },
    }))
    streams.push({
      id: hex(rng, 32),
      name,
      scenario,
      dialect: scenario === 'drop-ends' ? 'environment' : 'workspace',
      createdOffsetMs,
      createdAt: microsIso(startAt + createdOffsetMs, int(rng, 0, 999)),
      streamKey: hex(rng, 32),
      srtSecret: hex(rng, 32),
      srtPlaybackSecret: hex(rng, 32),
      playbackId: uuid(rng),
      maxResolution: scenario === 'stalled-target' ? '720p' : '1080p',
      reconnectWindowSec: 60,
      enableRecording: scenario !== 'stalled-target',
      enableDvrMode: scenario === 'clean-session',
      lowLatency: scenario === 'stalled-target' || scenario === 'flapping',
      closedCaptions: scenario === 'drop-ends',
      mediaPolicy: scenario === 'drop-ends' ? 'private' : 'public',
      targets,
    })
  }
  return { seed, startAt, workspace, streams }
}
