// One contract, three places that must agree: the channel maps (src/shared/ipc.ts),
// the handlers main registers, and the preload's methods. The type checks below are
// enforced by `npm run typecheck`; the runtime ones by this test.
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { createIpcHost } from '../../../../src/main/app/ipc-main.ts'
import { registerMonitorIpc } from '../../../../src/main/app/monitor-ipc.ts'
import { createMonitorBridge } from '../../../../src/preload/api.ts'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { Invokes, MonitorBridge, Pushes, SecretFields } from '../../../../src/shared/ipc.ts'
import { FakeIpcMain, RENDERER, silentLog } from './fakes.ts'

vi.mock('electron', async () => (await import('./fakes.ts')).electronModuleMock())

describe('IPC contract', () => {
  it('window.monitor’s type is MonitorApi exactly', () => {
    // Same keys, and each side assignable to the other (methods vs function properties aside).
    expectTypeOf<MonitorBridge>().toExtend<MonitorApi>()
    expectTypeOf<MonitorApi>().toExtend<MonitorBridge>()
    expectTypeOf<keyof MonitorBridge>().toEqualTypeOf<keyof MonitorApi>()
  })

  it('no invoke result and no push carries a secret-looking field (only boolean flags)', () => {
    expectTypeOf<SecretFields<Invokes[keyof Invokes]['result'] | Pushes[keyof Pushes]>>().toBeNever()
    // The check does bite: a string secret anywhere in a result would be named.
    expectTypeOf<SecretFields<{ receiver: { signingSecret: string } }>>().toEqualTypeOf<'signingSecret'>()
    expectTypeOf<
      SecretFields<{ list: { ngrokAuthtoken: string | null }[] }>
    >().toEqualTypeOf<'ngrokAuthtoken'>()
    expectTypeOf<SecretFields<{ signingSecretSet: boolean }>>().toBeNever()
  })

  it('main registers exactly the channels the preload invokes, one per MonitorApi call', async () => {
    const ipc = new FakeIpcMain()
    const host = createIpcHost({ renderer: RENDERER, log: silentLog, ipc })
    registerMonitorIpc(host, { onUpdate: () => () => {} } as unknown as MonitorApi)
    const invoked: string[] = []
    const subscribed: string[] = []
    const bridge = createMonitorBridge(
      (async (channel: string) => {
        invoked.push(channel)
      }) as never,
      ((channel: string) => {
        subscribed.push(channel)
        return () => {}
      }) as never,
    )
    for (const [name, method] of Object.entries(bridge))
      (method as (arg?: unknown) => unknown)(name === 'onUpdate' ? () => {} : {})
    expect(invoked.sort()).toEqual([...ipc.handlers.keys()].sort())
    expect(invoked.map((c) => c.replace('monitor:', '')).sort()).toEqual(
      Object.keys(bridge)
        .filter((m) => m !== 'onUpdate')
        .sort(),
    )
    expect(subscribed).toEqual(['monitor:update'])
    host.stop()
  })
})
