// D1 child: opens the real store on argv[2] and commits unique events as fast as
// it can from argv[3] concurrent senders, printing each id only after its commit
// resolved. The parent SIGKILLs it at a random moment and checks the file.
// Run directly with Node 24 (type stripping), not through vitest.
import { openStore } from '../../src/main/core/store/open-store.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'

const [file, sendersArg, tag] = process.argv.slice(2)
if (!file) throw new Error('usage: store-kill-child.ts <file> [senders] [tag]')
const senders = Number(sendersArg ?? 8)
const key = Buffer.alloc(32, 0x5a)
const store = await openStore({ file, holdKey: key, retentionIntervalMs: 0 })
process.stdout.write('ready\n')

function event(id: string, n: number): MonitorEvent {
  const now = Date.now()
  return {
    id,
    type: n % 3 ? 'video.live_stream.active' : 'video.live_stream.disconnected',
    streamId: `stream-${n % 17}`,
    simulcastId: null,
    workspaceId: 'ws',
    occurredAt: now,
    receivedAt: now,
    verification: 'verified',
    duplicateCount: 0,
    payload: { id, n, data: { streamKey: '[redacted]', note: 'x'.repeat(400) } },
  }
}

let n = 0
async function sender(k: number): Promise<never> {
  for (;;) {
    const i = n++
    const id = `${tag ?? process.pid}-${k}-${i}`
    // Every 10th delivery is held (raw body sealed), every 7th is also re-sent as a duplicate.
    const held =
      i % 10 === 0
        ? { raw: Buffer.from(JSON.stringify({ id, streamKey: 'sk' })), signature: null }
        : undefined
    await store.commitEvent(event(id, i), held)
    // Synchronous on a pipe: once written, the parent can read it even after SIGKILL.
    process.stdout.write(`${id}\n`)
    if (i % 7 === 0) await store.commitEvent(event(id, i))
  }
}

await Promise.all(Array.from({ length: senders }, (_, k) => sender(k)))
