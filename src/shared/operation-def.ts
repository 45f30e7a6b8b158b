// The shape of an entry of the operation table (operations.ts) and its builders.
import type { z } from 'zod'

/** Who may call an operation once the dashboard has more than one user (team mode). */
export type Role = 'viewer' | 'operator' | 'admin'

/**
 * Where one positional argument travels over HTTP: `path` fills the route's `:name`,
 * `query` is the whole query string, `body` the whole JSON body, `field` one field of it.
 */
export type ArgPlace = 'path' | 'query' | 'body' | 'field'

export interface Arg<T> {
  readonly name: string
  readonly in: ArgPlace
  readonly schema: z.ZodType<T>
}

export interface HttpRoute {
  readonly method: 'GET' | 'PUT' | 'POST'
  readonly path: string
  /** The answer is `{ [wrap]: result }`. */
  readonly wrap?: string
  /** A null result answers 404 with these words. */
  readonly notFound?: string
  /** Query-string names that stand for another field (`type` → `types`). */
  readonly alias?: Readonly<Record<string, string>>
  /** An HTTP-only GET route, same arguments, that answers a `ReportFile` result as the file itself. */
  readonly download?: string
  /** HTTP-only GET routes that answer one field of the result (optionally wrapped). */
  readonly views?: readonly { readonly path: string; readonly field: string; readonly wrap?: string }[]
}

/** A result type marker: carries `T` in the type only. */
export interface Returns<T> {
  readonly __result?: T
}
export const returns = <T>(): Returns<T> => ({})

export type Owner = 'core' | 'workspace'

export interface OperationDef<A extends readonly Arg<unknown>[], R = unknown, O extends Owner = Owner> {
  readonly kind: 'query' | 'change'
  readonly result: Returns<R>
  readonly role: Role
  /** `core`: a workspace session's monitor answers it; `workspace`: the workspace controller. */
  readonly owner: O
  readonly args: A
  readonly http: HttpRoute
}

export const arg = <T>(name: string, place: ArgPlace, schema: z.ZodType<T>): Arg<T> => ({
  name,
  in: place,
  schema,
})
export const op = <const A extends readonly Arg<unknown>[], R, O extends Owner>(
  def: OperationDef<A, R, O>,
): OperationDef<A, R, O> => def
