// The desktop IPC contract. `Invokes` are renderer→main calls (one per operation
// of the table), `Pushes` are main→renderer messages. The preload's
// `window.monitor` type is derived from these maps and checked below to be exactly
// `MonitorApi`: nothing else (no raw IPC, no secrets, no openExternal) crosses.
import type { MonitorApi, Unsubscribe, UpdateBatch } from './api.ts'
import type { ArgsOf, OperationName, ResultOf } from './operations.ts'

/** Renderer → main request/response calls: one channel per operation of the table. */
export type Invokes = {
  [N in OperationName as `monitor:${N}`]: { args: ArgsOf<N>; result: ResultOf<N> }
}

/** The invoke channel of an operation. */
export const channelOf = <N extends OperationName>(name: N): `monitor:${N}` => `monitor:${name}`

/** Main → renderer pushes: channel → payload. */
export interface Pushes {
  'monitor:update': UpdateBatch
}

export type InvokeChannel = keyof Invokes
export type PushChannel = keyof Pushes
export type InvokeArgs<C extends InvokeChannel> = Invokes[C]['args']
export type InvokeResult<C extends InvokeChannel> = Invokes[C]['result']

export interface IpcErrorBody {
  /** `forbidden` (sender is not our page), `bad_request` (payload failed its schema), `internal`. */
  code: 'forbidden' | 'bad_request' | 'not_found' | 'internal'
  message: string
}

/** What every invoke answers: errors cross IPC on purpose, never as a thrown Error. */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcErrorBody }

/** Pushes travel batched: one transport message carries every push of a ~50 ms window. */
export interface PushEnvelope<C extends PushChannel = PushChannel> {
  channel: C
  payload: Pushes[C]
}

/** The two transport channels besides the invoke channels (written as typed literals on both sides). */
export type PushTransportChannel = 'ipc:push'
/** Renderer → main: "my subscriber for this push channel is in place; send what you queued". */
export type ReadyTransportChannel = 'ipc:ready'

// ---- window.monitor, derived ------------------------------------------------

type MethodOf<C> = C extends `monitor:${infer M}` ? M : never
type SubscriberOf<C> = C extends `monitor:${infer M}` ? `on${Capitalize<M>}` : never

export type InvokeBridge = {
  [C in InvokeChannel as MethodOf<C>]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>
}
export type PushBridge = {
  [C in PushChannel as SubscriberOf<C>]: (listener: (payload: Pushes[C]) => void) => Unsubscribe
}
/** The type of `window.monitor` as the preload builds it. */
export type MonitorBridge = InvokeBridge & PushBridge

/** The preload method name of an invoke channel (`monitor:<name>` → `<name>`). */
export type BridgeMethod = MethodOf<InvokeChannel>

// Compile-time proof that the bridge is exactly MonitorApi: same keys, same signatures.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Assert<T extends true> = T
export type BridgeKeysMatch = Assert<Equals<keyof MonitorBridge, keyof MonitorApi>>
export type BridgeIsMonitorApi = Assert<
  MonitorBridge extends MonitorApi ? (MonitorApi extends MonitorBridge ? true : false) : false
>

// No result or push carries a secret-looking field that is not a boolean flag
// (`signingSecretSet: boolean` is fine; `signingSecret: string` would not compile).
type SecretName = `${string}${'secret' | 'Secret' | 'token' | 'Token' | 'password' | 'Password'}${string}`
/** Keys (at any depth) that look like a secret and are not a boolean flag; `never` when none. */
export type SecretFields<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? never
  : T extends readonly (infer E)[]
    ? SecretFields<E, [...Depth, 1]>
    : T extends object
      ? {
          [K in keyof T]-?: K extends SecretName
            ? T[K] extends boolean
              ? never
              : K
            : SecretFields<T[K], [...Depth, 1]>
        }[keyof T]
      : never
// (Over the results themselves: a channel name such as `monitor:set…Secret` is not a field.)
export type NoSecretInResults = Assert<
  Equals<SecretFields<InvokeResult<InvokeChannel> | Pushes[PushChannel]>, never>
>
