// schedules.json: an atomic round trip, and an invalid file costs only itself (none and a warning).
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSchedules, saveSchedules } from '../../../../../src/main/core/config/settings-file.ts'
import type { SavedSchedules } from '../../../../../src/shared/schedule.ts'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fpm-schedules-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const SAVED: SavedSchedules = {
  schedules: {
    s1: {
      kind: 'weekly',
      days: [0, 3],
      time: '10:00',
      graceMin: 5,
      end: { kind: 'duration', minutes: 90 },
      endGraceMin: 10,
      timeZone: 'Europe/Berlin',
    },
    s2: {
      kind: 'once',
      at: '2025-03-30T10:00:00+02:00',
      graceMin: 0,
      endAt: null,
      endGraceMin: 5,
      timeZone: 'Asia/Tokyo',
    },
  },
}

describe('schedules.json', () => {
  it('missing: no schedules, no warning', async () => {
    expect(await loadSchedules(dir)).toEqual({ saved: { schedules: {} }, warning: null })
  })

  it('round-trips, leaving no temp files, owner-only', async () => {
    await saveSchedules(dir, SAVED)
    expect(await loadSchedules(dir)).toEqual({ saved: SAVED, warning: null })
    expect(await readdir(dir)).toEqual(['schedules.json'])
    expect(JSON.parse(await readFile(join(dir, 'schedules.json'), 'utf8'))).toEqual(SAVED)
    expect((await stat(join(dir, 'schedules.json'))).mode & 0o777).toBe(0o600)
  })

  it.each([
    ['not JSON', '{ nope'],
    [
      'a bad time zone',
      JSON.stringify({ schedules: { s1: { ...SAVED.schedules.s1, timeZone: 'Nowhere/Else' } } }),
    ],
    ['no days', JSON.stringify({ schedules: { s1: { ...SAVED.schedules.s1, days: [] } } })],
  ])('%s: ignored with a warning naming the file', async (_, text) => {
    await writeFile(join(dir, 'schedules.json'), text)
    const loaded = await loadSchedules(dir)
    expect(loaded.saved).toEqual({ schedules: {} })
    expect(loaded.warning).toContain(`ignored invalid ${join(dir, 'schedules.json')}`)
  })
})
