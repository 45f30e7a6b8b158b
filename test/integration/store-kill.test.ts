// D1: kill -9 at 50 random (seeded) points while a child process commits as fast
// as it can; after each kill the file must pass integrity_check and hold every
// id the child saw acknowledged.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { all, openDatabase } from '../../src/main/core/store/db.ts'
import { seeded, type TempDir, tempDir } from '../support/store-fixtures.ts'

const CHILD = fileURLToPath(new URL('../support/store-kill-child.ts', import.meta.url))
const KILLS = 50
const SEED = 0xd1

let tmp: TempDir
beforeAll(() => {
  tmp = tempDir('fpm-store-kill-')
})
afterAll(() => tmp.remove())

/** Runs one child, kills it `delayMs` after it is ready (or after spawn), returns the acked ids. */
async function runAndKill(file: string, run: number, delayMs: number, fromSpawn: boolean): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, [CHILD, file, '8', `r${run}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const acked: string[] = []
  let buffered = ''
  let stderr = ''
  let timer: NodeJS.Timeout | null = null
  const kill = (): void => {
    child.kill('SIGKILL')
  }
  if (fromSpawn) timer = setTimeout(kill, delayMs)
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      if (line === 'ready') timer ??= setTimeout(kill, delayMs)
      else if (line) acked.push(line)
    }
  })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  )
  if (timer) clearTimeout(timer)
  if (signal !== 'SIGKILL') throw new Error(`child ended by itself (code ${code}): ${stderr}`)
  return acked
}

describe('store: kill -9 (D1)', () => {
  it(`loses no acknowledged event over ${KILLS} random kill points`, { timeout: 180_000 }, async () => {
    const rand = seeded(SEED)
    let missing = 0
    let totalAcked = 0
    let emptyRuns = 0
    let acked = new Set<string>()
    let file = tmp.file
    for (let run = 0; run < KILLS; run++) {
      // Ten crashes in a row on each file (each child recovers its predecessor's
      // WAL); a fresh file every ten keeps integrity_check quick.
      if (run % 10 === 0) {
        file = `${tmp.dir}/monitor-${run / 10}.sqlite`
        acked = new Set()
      }
      // Mostly mid-stream; every 10th run may land during start-up (open, migrations).
      const fromSpawn = run % 10 === 0
      const delay = fromSpawn ? Math.floor(rand() * 400) : 50 + Math.floor(rand() * 350)
      const ids = await runAndKill(file, run, delay, fromSpawn)
      if (ids.length === 0) emptyRuns++
      for (const id of ids) acked.add(id)
      totalAcked += ids.length

      // Odd runs check through a read-only connection, leaving the crashed WAL for the
      // next child's store to recover; even runs open it like the app would.
      const { db } = openDatabase(file, { readOnly: run % 2 === 1 })
      try {
        expect(all<{ integrity_check: string }>(db.prepare('PRAGMA integrity_check'))).toEqual([
          { integrity_check: 'ok' },
        ])
        const stored = new Set(all<{ id: string }>(db.prepare('SELECT id FROM events')).map((r) => r.id))
        for (const id of acked) if (!stored.has(id)) missing++
        // Counters moved with the rows they count.
        const [c] = all<{ stored: number }>(db.prepare('SELECT stored FROM counters'))
        expect(c?.stored).toBe(stored.size)
      } finally {
        db.close()
      }
    }
    process.stderr.write(`[D1] ${KILLS} kills, ${totalAcked} acknowledged, ${missing} missing\n`)
    expect(missing).toBe(0)
    expect(totalAcked).toBeGreaterThan(KILLS * 20)
    expect(emptyRuns).toBeLessThan(KILLS / 2)
  })
})
