// Broadcast reports from a real monitor on a real sqlite file: the API's report, the
// stored decisions and viewer samples, and the report CLI reading the same folder after
// the monitor stopped (and beside a running one) give the same answer.
import { spawnSync } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMonitor, type Monitor } from '../../src/main/core/monitor/index.ts'
import { runReportCli } from '../../src/main/core/report/cli.ts'
import type { BroadcastReport } from '../../src/shared/report.ts'
import { SCRIPT_STREAM, SCRIPT_TARGET, scriptedBroadcast, T0 } from '../support/broadcast-script.ts'
import { ROOT, tempDir } from '../support/serve.ts'

const MIN = 60_000
let dir = ''
let now = T0 - 10 * MIN
let monitor: Monitor
let apiReport: BroadcastReport

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runReportCli(
    args,
    (t) => {
      out += t
    },
    (t) => {
      err += t
    },
  )
  return { code, out, err }
}

beforeAll(async () => {
  dir = await tempDir('fpm-report-')
  monitor = await createMonitor({
    dir,
    signingSecret: 'c2VjcmV0',
    now: () => now,
    persistIntervalMs: 3_600_000,
  })
  const script = scriptedBroadcast()
  // Deliveries in arrival order, and the viewer poll (every 5 min of the script) between them.
  type Step = { at: number; run: () => unknown }
  const steps: Step[] = [
    ...script.events
      .filter((e) => e.type !== 'monitor.reconciled')
      .map((e) => ({ at: e.receivedAt, run: () => monitor.intake.accept({ ...e, duplicateCount: 0 }) })),
    ...script.viewers.map((v) => ({ at: v.at, run: () => monitor.setViewerCount(SCRIPT_STREAM, v.count) })),
  ].sort((a, b) => a.at - b.at)
  for (const step of steps) {
    now = step.at
    await step.run()
  }
  now = T0 + 90 * MIN
  await monitor.flush()
  apiReport = await monitor.api.getBroadcastReport(SCRIPT_STREAM, 'latest')
})

afterAll(async () => {
  await monitor.close().catch(() => {})
  await rm(dir, { recursive: true, force: true })
})

describe('broadcast reports from the store', () => {
  it('finds the broadcast and its disconnect from stored events, with names from the stream', async () => {
    expect(await monitor.api.listBroadcasts(SCRIPT_STREAM)).toEqual([
      expect.objectContaining({ number: 1, disconnects: 1, live: false, durationMs: 60 * MIN }),
    ])
    const b = apiReport.broadcast
    expect(apiReport.stream).toEqual({ id: SCRIPT_STREAM, name: 'Sunday service' })
    expect(b.disconnects).toEqual([
      {
        at: new Date(T0 + 20 * MIN).toISOString(),
        durationMs: 25_000,
        reconnected: true,
        viewersAtStart: 40,
      },
    ])
    expect(b.targets.map((t) => [t.id, t.name])).toEqual([[SCRIPT_TARGET, 'YouTube']])
    expect(b.timeInHealthMs.down).toBe(25_000)
  })

  it('keeps every decision and viewer sample in the store, so a report tells them after a restart', async () => {
    const b = apiReport.broadcast
    expect(b.viewers.samples).toBe(13)
    expect(b.viewers.peak).toBe(220)
    const rules = b.notifications.map((n) => n.rule)
    expect(rules).toEqual(expect.arrayContaining(['live', 'down', 'ended']))
    expect(b.notifications.every((n) => n.reason.length > 0)).toBe(true)
    const stored = await monitor.store.listDecisions({ streamId: SCRIPT_STREAM })
    expect(stored.map((d) => d.rule)).toEqual(expect.arrayContaining(rules))
  })

  it('refuses a broadcast or stream that does not exist, in words', async () => {
    await expect(monitor.api.getBroadcastReport(SCRIPT_STREAM, 4)).rejects.toThrow(
      'Sunday service has no broadcast number 4: it has one (number 1).',
    )
    await expect(monitor.api.listBroadcasts('f'.repeat(32))).rejects.toThrow(
      `No stream ${'f'.repeat(32)} is kept here.`,
    )
  })

  it('exports Markdown, HTML and JSON through the API', async () => {
    const md = await monitor.api.exportBroadcastReport(SCRIPT_STREAM, 1, { format: 'md', tz: 'UTC' })
    expect(md.body).toContain('- 18:20:00 — 25 s, reconnected in time · 40 viewers when it began')
    const html = await monitor.api.exportBroadcastReport(SCRIPT_STREAM, 'latest', {
      format: 'html',
      tz: 'UTC',
    })
    expect(html.body).toContain('<svg class="chart"')
    const json = await monitor.api.exportBroadcastReport(SCRIPT_STREAM, new Date(T0 + MIN).toISOString(), {
      format: 'json',
    })
    expect(JSON.parse(json.body)).toEqual(apiReport)
  })

  it('the CLI reads the folder beside the running monitor and gives the same report', async () => {
    const r = await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--format', 'json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out) as BroadcastReport
    // Only the live end depends on the clock, and this broadcast has ended.
    expect(report).toEqual(apiReport)
  })

  it('the CLI after the monitor stopped: formats, --list, and errors with exit codes', async () => {
    await monitor.close()
    const md = await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--broadcast', '1', '--tz', 'UTC')
    expect(md.code).toBe(0)
    expect(md.out).toContain('# Sunday service — broadcast 1')
    expect((await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--format', 'html')).out).toMatch(
      /^<!doctype html>/,
    )
    const list = await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--list')
    expect(list.out).toBe(
      `1\t${new Date(T0).toISOString()}\t${new Date(T0 + 60 * MIN).toISOString()}\t3600 s\t1 disconnects\n`,
    )

    const unknown = await cli('--data-dir', dir, '--stream', 'f'.repeat(32))
    expect([unknown.code, unknown.out, unknown.err]).toEqual([
      1,
      '',
      `No stream ${'f'.repeat(32)} is kept here.\n`,
    ])
    const missing = await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--broadcast', '2')
    expect([missing.code, missing.err]).toEqual([
      1,
      'Sunday service has no broadcast number 2: it has one (number 1).\n',
    ])
    const before = await cli(
      '--data-dir',
      dir,
      '--stream',
      SCRIPT_STREAM,
      '--broadcast',
      new Date(T0 - MIN).toISOString(),
    )
    expect(before.code).toBe(1)
    expect(before.err).toContain('has no broadcast live at 2026-12-06T17:59:00.000Z')

    const bad = await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--format', 'pdf')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^--format: must be md, html or json\nusage: npm run report/)
    expect((await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--broadcast', 'yesterday')).err).toMatch(
      /^--broadcast: must be "latest", its number/,
    )
    expect((await cli('--data-dir', dir, '--stream', SCRIPT_STREAM, '--tz', 'Mars/Olympus')).err).toMatch(
      /^--tz: must be an IANA time zone/,
    )
    expect((await cli('--data-dir', dir)).err).toMatch(/^--stream ID is needed/)
  })

  it('a folder that is not a data folder is refused in words (exit 2)', async () => {
    const empty = await tempDir('fpm-report-empty-')
    try {
      const r = await cli('--data-dir', empty, '--stream', SCRIPT_STREAM)
      expect(r.code).toBe(2)
      expect(r.err).toContain(`${empty} is not a FastPix Live Monitor data folder`)
      expect((await cli('--data-dir', join(empty, 'nope'), '--stream', SCRIPT_STREAM)).err).toBe(
        `${join(empty, 'nope')} is not a folder.\n`,
      )
      await mkdir(join(empty, 'workspaces', 'live'), { recursive: true })
      await writeFile(join(empty, 'workspaces', 'live', 'monitor.sqlite'), 'not a database')
      const broken = await cli('--data-dir', empty, '--stream', SCRIPT_STREAM)
      expect(broken.code).toBe(2)
      expect(broken.err).toContain('monitor.sqlite could not be read')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('runs as `npm run report` from the README, printing to stdout', () => {
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'report', '--', '--data-dir', dir, '--stream', SCRIPT_STREAM, '--format', 'json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(apiReport)
  })
})
