// Operations answered by another object found at call time (the running session's
// monitor), typed from the operation table: the result has exactly the named operations.
import {
  type CoreOperation,
  isCoreOperation,
  OPERATION_NAMES,
  type OperationName,
  type OperationsOf,
} from '../../../shared/operations.ts'

/** The core operations the running monitor answers as they are (the snapshot is the controller's). */
export type ForwardedOperation = Exclude<CoreOperation, 'getSnapshot'>
export const FORWARDED = OPERATION_NAMES.filter(
  (name): name is ForwardedOperation => isCoreOperation(name) && name !== 'getSnapshot',
)

/** One operation, answered by the api `target` resolves to when it is called. */
function forwardOne<N extends OperationName>(
  name: N,
  target: () => Promise<OperationsOf<N>>,
): OperationsOf<N>[N] {
  return async (...args) => (await target())[name](...args)
}

/** Each of `names`, answered by the api `target` resolves to when it is called. */
export function forwarding<K extends OperationName>(
  names: readonly K[],
  target: () => Promise<OperationsOf<K>>,
): OperationsOf<K> {
  const out: Partial<OperationsOf<K>> = {}
  for (const name of names) out[name] = forwardOne(name, target)
  // Every name was set just above.
  return out as OperationsOf<K>
}
