// D4, group commit: the same synchronous=FULL store, (a) one sender awaiting
// each commit, so every event is its own transaction, then (b) 10 concurrent
// senders whose writes share transactions. Gate: (b) ≥ 3 × (a).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type StoreHandle } from '../src/main/core/store/open-store.ts'
import type { MonitorEvent } from '../src/shared/domain.ts'
import { historyEvent } from './store-history.ts'

export interface GroupCommitResult {
  singleTxPerEventPerSec: number
  groupCommitPerSec: number
  ratio: number
}

const ROUNDS = 4

type Tally = { events: number; ms: number; transactions: number }
const add = (into: Tally, t: Tally): void => {
  into.events += t.events
  into.ms += t.ms
  into.transactions += t.transactions
}

const log = (m: string): void => void process.stderr.write(`[store-group-commit] ${m}\n`)

export async function benchGroupCommit(
  opts: { seconds?: number; senders?: number } = {},
): Promise<GroupCommitResult> {
  const ms = (opts.seconds ?? 2) * 1000
  const senders = opts.senders ?? 10
  const dir = await mkdtemp(join(tmpdir(), 'fpm-store-gc-'))
  const store = await openStore({ file: join(dir, 'monitor.sqlite'), retentionIntervalMs: 0 })
  // Events are cheap copies of realistic ones with fresh ids: the bench times the
  // store (serialize, hand over, commit), not the generator.
  const templates = Array.from({ length: 200 }, (_, k) => historyEvent(k, Date.now()))
  let i = 0
  const commit = (): Promise<unknown> => {
    const t = templates[i % templates.length] as MonitorEvent
    const id = `gc-${i++}-${t.id}`
    return store.commitEvent({ ...t, id, receivedAt: Date.now(), payload: { ...t.payload, id } })
  }
  try {
    await run(store, 1, 300, commit) // warm up workers, statements and the page cache
    // Short alternating rounds, so load from elsewhere on a shared machine hits both sides alike.
    const single = { events: 0, ms: 0, transactions: 0 }
    const group = { events: 0, ms: 0, transactions: 0 }
    for (let round = 0; round < ROUNDS; round++) {
      add(single, await run(store, 1, ms / ROUNDS, commit))
      add(group, await run(store, senders, ms / ROUNDS, commit))
    }
    const singleTxPerEventPerSec = single.events / (single.ms / 1000)
    const groupCommitPerSec = group.events / (group.ms / 1000)
    log(
      `1 sender: ${singleTxPerEventPerSec.toFixed(0)}/s in ${single.transactions} transactions; ` +
        `${senders} senders: ${groupCommitPerSec.toFixed(0)}/s in ${group.transactions} transactions ` +
        `(${(group.events / Math.max(1, group.transactions)).toFixed(1)} events each)`,
    )
    return { singleTxPerEventPerSec, groupCommitPerSec, ratio: groupCommitPerSec / singleTxPerEventPerSec }
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** `senders` loops, each awaiting its own commit before sending the next, for `ms`. */
async function run(
  store: StoreHandle,
  senders: number,
  ms: number,
  commit: () => Promise<unknown>,
): Promise<Tally> {
  const before = await store.writeCounts()
  const start = performance.now()
  const deadline = start + ms
  let events = 0
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (performance.now() < deadline) {
        await commit()
        events++
      }
    }),
  )
  const elapsed = performance.now() - start
  const after = await store.writeCounts()
  return { events, ms: elapsed, transactions: after.transactions - before.transactions }
}
