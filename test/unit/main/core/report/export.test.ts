import { describe, expect, it } from 'vitest'
import { exportReport } from '../../../../../src/main/core/report/export.ts'
import { broadcastsOf, buildReport } from '../../../../../src/main/core/report/report.ts'
import { span } from '../../../../../src/main/core/report/words.ts'
import { scriptedBroadcast } from '../../../../support/broadcast-script.ts'

function report(name = 'Sunday service') {
  const input = scriptedBroadcast()
  input.stream.name = name
  return buildReport(input, broadcastsOf(input), 0)
}

describe('report exports', () => {
  it('Markdown says every part in words, in the zone asked for', async () => {
    const file = exportReport(report(), 'md', 'UTC')
    expect(file.filename).toBe('Sunday-service-broadcast-1-20261206-1800Z.md')
    expect(file.contentType).toBe('text/markdown; charset=utf-8')
    expect(file.body).toContain('# Sunday service — broadcast 1')
    expect(file.body).toContain('- 18:20:00 — 25 s, reconnected in time · 40 viewers when it began')
    expect(file.body).toContain(
      '- **YouTube**: waiting for the encoder 25 s from 18:20:00; stalled 9 min from 18:21:00',
    )
    expect(file.body).toContain('| 18:20:26 | recovered | suppressed | flap damping |')
    expect(file.body).toContain('Peak 220 · average 146.7 (13 samples)')
    await expect(file.body).toMatchFileSnapshot('golden/scripted-broadcast.md')
    const berlin = exportReport(report(), 'md', 'Europe/Berlin').body
    expect(berlin).toContain('- 19:20:00 — 25 s')
    expect(berlin).toContain('Times in Europe/Berlin')
  })

  it('HTML is one self-contained page with the charts inline', async () => {
    const file = exportReport(report(), 'html', 'UTC')
    expect(file.contentType).toBe('text/html; charset=utf-8')
    expect(file.body).toMatch(/^<!doctype html>/)
    expect(file.body).not.toMatch(/<script|<link|src=|href=/i)
    expect(file.body.match(/<svg class="chart"/g)).toHaveLength(2)
    // One band per health span, one dashed marker per disconnect, one bar per target outage.
    expect(file.body.match(/<rect class="band"/g)).toHaveLength(report().broadcast.healthSpans.length)
    expect(file.body.match(/<line class="disconnect"/g)).toHaveLength(1)
    expect(file.body.match(/<rect class="outage /g)).toHaveLength(2)
    await expect(file.body).toMatchFileSnapshot('golden/scripted-broadcast.html')
  })

  it('escapes names from the records in HTML and Markdown', () => {
    const evil = 'Mass <script>alert(1)</script> | *live*'
    const html = exportReport(report(evil), 'html', 'UTC').body
    expect(html).not.toContain('<script>')
    expect(html).toContain('Mass &lt;script&gt;alert(1)&lt;/script&gt;')
    const md = exportReport(report(evil), 'md', 'UTC').body
    expect(md).toContain('# Mass \\<script\\>alert(1)\\</script\\> \\| \\*live\\*')
    expect(exportReport(report(evil), 'md', 'UTC').filename).toBe(
      'Mass-script-alert-1-script-live-broadcast-1-20261206-1800Z.md',
    )
  })

  it('JSON is the report itself', () => {
    const r = report()
    expect(JSON.parse(exportReport(r, 'json').body)).toEqual(r)
  })

  it('says durations the way people do', () => {
    expect([400, 25_000, 540_000, 545_000, 3_600_000, 3_725_000].map(span)).toEqual([
      '400 ms',
      '25 s',
      '9 min',
      '9 min 05 s',
      '1 h 00 min',
      '1 h 02 min',
    ])
  })
})
