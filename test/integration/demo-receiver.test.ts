// End to end: the demo simulator against the real webhook receiver (memory intake).
// Every demo delivery must be accepted as FastPix's would be, and no secret may survive redaction.
import { afterEach, describe, expect, it } from 'vitest'
import { generateDemoSecret, startDemoSimulator } from '../../src/main/core/demo/simulator.ts'
import { decodeSigningSecret } from '../../src/main/core/receiver/signature.ts'
import { type Receiver, startReceiver } from './receiver-support.ts'

const SECRET = generateDemoSecret(2024)
let receiver: Receiver | null = null
afterEach(async () => {
  await receiver?.close()
  receiver = null
})

describe('demo simulator → webhook receiver', () => {
  it('gets every delivery accepted: probe answered, events verified, duplicates counted', async () => {
    receiver = await startReceiver({ intake: { key: decodeSigningSecret(SECRET) } })
    const statuses = new Map<number, number>()
    const sim = startDemoSimulator({
      webhookUrl: receiver.url,
      signingSecret: SECRET,
      seed: 11,
      speed: 1000,
      loop: false,
      onDelivery: (info) => statuses.set(info.status ?? -1, (statuses.get(info.status ?? -1) ?? 0) + 1),
    })
    await sim.done
    await sim.stop()
    const planned = sim.plan.deliveries.filter((d) => !d.lost)
    const { intake } = receiver

    expect(sim.stats()).toMatchObject({ sent: planned.length, failed: 0 })
    expect([...statuses.keys()].every((s) => s >= 200 && s < 300)).toBe(true)
    expect(intake.rejected).toEqual([])
    expect(intake.counters.probes).toBe(1)
    expect(intake.events.size).toBe(planned.filter((d) => !d.probe && d.duplicateOf === null).length)
    expect(intake.counters.duplicates).toBe(planned.filter((d) => d.duplicateOf !== null).length)
    for (const d of planned) {
      if (d.probe || d.eventId === null) continue
      const event = intake.events.get(d.eventId)
      expect(event?.type).toBe(d.type)
      expect(event?.streamId).toBe(d.streamId)
      expect(event?.simulcastId).toBe(d.simulcastId)
      expect(event?.occurredAt).toBe(sim.plan.startAt + d.occurredMs)
      expect(event?.workspaceId).toBe(sim.plan.workspace.id)
      expect(event?.verification).toBe('verified')
    }

    const stored = JSON.stringify([...intake.events.values()].map((e) => e.payload))
    for (const s of sim.plan.streams) {
      for (const secret of [
        s.streamKey,
        s.srtSecret,
        s.srtPlaybackSecret,
        ...s.targets.map((t) => t.streamKey),
      ]) {
        expect(stored).not.toContain(secret)
      }
    }
  })
})
