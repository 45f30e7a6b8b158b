// Argument schemas for every invoke channel, derived from the operation table. The
// renderer is untrusted: each call's argument tuple is parsed before a handler sees
// it. Over IPC values arrive typed (structured clone), so a string where a number
// belongs is refused, not converted (the HTTP transport coerces its query strings
// into these same schemas' types first).
import { z } from 'zod'
import type { InvokeArgs, InvokeChannel } from '../../shared/ipc.ts'
import { OPERATION_NAMES, type OperationName, operation } from '../../shared/operations.ts'

/** The schema of an operation's whole argument tuple (extra arguments are refused too). */
function argsSchema(name: OperationName): z.ZodType<unknown[]> {
  const schemas = operation(name).args.map((a) => a.schema)
  return z.tuple(schemas as [z.ZodType, ...z.ZodType[]])
}

/** channel → schema of its whole argument tuple. */
export const INVOKE_SCHEMAS = Object.fromEntries(
  OPERATION_NAMES.map((name) => [`monitor:${name}`, argsSchema(name)]),
) as { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> }
