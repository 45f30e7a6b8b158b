// The one rule that names a simulcast target: metadata name, else platform, else host, else short id.
import { describe, expect, it } from 'vitest'
import {
  cleanLabel,
  platformOf,
  TARGET_NAME_MAX,
  targetBaseName,
  targetDisplayNames,
  targetIdName,
} from '../../../src/shared/target-name.ts'

const ID = '314a486a3dc74cf59fcc1708a4683f21'

describe('target display names', () => {
  it.each([
    ['rtmp://a.rtmp.youtube.com', 'YouTube'],
    ['rtmp://hyd01.contribute.live-video.net', 'Twitch'],
    ['rtmp://live.twitch.tv', 'Twitch'],
    ['rtmps://live-api-s.facebook.com:443', 'Facebook'],
    ['rtmp://live.restream.io', 'Restream'],
    ['rtmps://edge.kick.com', 'Kick'],
    ['rtmp://ingest.example.org', 'ingest.example.org'],
    ['rtmp://192.0.2.7:1935', '192.0.2.7'],
  ])('%s → %s', (destination, name) => {
    expect(targetBaseName({ id: ID, destination })).toBe(name)
  })

  it('a look-alike host is not the platform', () => {
    expect(platformOf('notyoutube.com')).toBeNull()
    expect(platformOf('youtube.com.evil.example')).toBeNull()
    expect(platformOf('A.RTMP.YOUTUBE.COM')).toBe('YouTube')
  })

  it('the metadata name first; no destination: the short id', () => {
    expect(targetBaseName({ id: ID, destination: 'rtmp://a.rtmp.youtube.com', label: 'Main channel' })).toBe(
      'Main channel',
    )
    expect(targetBaseName({ id: ID, destination: null })).toBe('314a486a')
    expect(targetBaseName({ id: 'short', destination: 'not a url' })).toBe('short')
    expect(targetIdName(ID)).toBe('314a486a')
  })

  it('a metadata name is one clipped line, and a redacted one is no name', () => {
    expect(cleanLabel('  Main\n\tchannel  ')).toBe('Main channel')
    expect(cleanLabel('[redacted]')).toBeNull()
    expect(cleanLabel('key [redacted] here')).toBeNull()
    expect(cleanLabel('   ')).toBeNull()
    expect(cleanLabel(42)).toBeNull()
    const long = cleanLabel('x'.repeat(100))
    expect(long).toHaveLength(TARGET_NAME_MAX)
    expect(long?.endsWith('…')).toBe(true)
  })

  it('same-named siblings get their short id; distinct ones keep the plain name', () => {
    const other = '7f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f'
    const names = targetDisplayNames([
      { id: ID, destination: 'rtmp://a.rtmp.youtube.com' },
      { id: other, destination: 'rtmp://b.rtmp.youtube.com' },
      { id: 'fb', destination: 'rtmps://live-api-s.facebook.com:443' },
    ])
    expect(Object.fromEntries(names)).toEqual({
      [ID]: 'YouTube · 314a486a',
      [other]: 'YouTube · 7f1c2d3e',
      fb: 'Facebook',
    })
  })
})
