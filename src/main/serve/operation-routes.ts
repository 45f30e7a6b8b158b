// The dashboard's JSON routes, one per operation of the table (plus its HTTP-only
// views). Each input is validated once, here at the transport, by the route's schema:
// the operation's own argument schemas, with query strings coerced to their types.
import type { FastifyInstance, FastifySchema } from 'fastify'
import { ZodError, z } from 'zod'
import type { MonitorApi } from '../../shared/api.ts'
import {
  type Arg,
  inputError,
  OPERATION_NAMES,
  type OperationName,
  operation,
  type Role,
} from '../../shared/operations.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The operation a route answers (names it in refusals). */
    operation?: OperationName
    /** Who may call it once the dashboard has more than one user (team mode). */
    role?: Role
  }
}

type Shape = Record<string, z.ZodType>

/** The fields of an object schema (through a preprocess), or null. */
function shapeOf(schema: z.ZodType): Shape | null {
  if (schema instanceof z.ZodPipe) return shapeOf(schema.out as z.ZodType)
  if (schema instanceof z.ZodObject) return schema.shape as Shape
  return null
}

function leafOf(schema: z.ZodType): z.ZodType {
  let s = schema
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType
  return s
}

/** One query-string value as the type its field expects; anything else is left for the schema to refuse. */
function coerce(value: unknown, field: z.ZodType): unknown {
  const leaf = leafOf(field)
  if (leaf instanceof z.ZodArray) {
    const items = Array.isArray(value) ? value : String(value).split(',')
    return items.map((item) => String(item).trim()).filter((item) => item !== '')
  }
  if (typeof value !== 'string') return value
  if (leaf instanceof z.ZodNumber)
    return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value
  if (leaf instanceof z.ZodBoolean) {
    if (value === 'true' || value === '1') return true
    if (value === 'false' || value === '0') return false
  }
  return value
}

/** The operation's query schema over a query string: the token dropped, aliases renamed, values coerced. */
function queryStringSchema(schema: z.ZodType, alias: Readonly<Record<string, string>> = {}): z.ZodType {
  const shape = shapeOf(schema) ?? {}
  const aliased = new Set(Object.values(alias))
  return z.preprocess((raw, ctx) => {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (key === 'token') continue
      // A field with an HTTP name goes by that name only (`type`, never `types`).
      if (aliased.has(key) && !(key in alias)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'not a query parameter here' })
        continue
      }
      const name = alias[key] ?? key
      const field = shape[name]
      out[name] = field ? coerce(value, field) : value
    }
    return out
  }, schema)
}

const orEmpty = (value: unknown): unknown => value ?? {}

function routeSchema(args: readonly Arg<unknown>[], alias?: Readonly<Record<string, string>>): FastifySchema {
  const schema: FastifySchema = {}
  const params = args.filter((a) => a.in === 'path')
  if (params.length > 0)
    schema.params = z.strictObject(Object.fromEntries(params.map((a) => [a.name, a.schema])))
  const query = args.find((a) => a.in === 'query')
  if (query) schema.querystring = queryStringSchema(query.schema, alias)
  const body = args.find((a) => a.in === 'body')
  const fields = args.filter((a) => a.in === 'field')
  if (body) schema.body = z.preprocess(orEmpty, body.schema)
  else if (fields.length > 0)
    schema.body = z.preprocess(
      orEmpty,
      z.strictObject(Object.fromEntries(fields.map((a) => [a.name, a.schema]))),
    )
  return schema
}

interface Parts {
  params: unknown
  query: unknown
  body: unknown
}

/** The positional arguments, each from where the table says it travels. */
function argsOf(args: readonly Arg<unknown>[], parts: Parts): unknown[] {
  const params = (parts.params ?? {}) as Record<string, unknown>
  const body = (parts.body ?? {}) as Record<string, unknown>
  return args.map((a) =>
    a.in === 'path'
      ? params[a.name]
      : a.in === 'query'
        ? parts.query
        : a.in === 'body'
          ? parts.body
          : body[a.name],
  )
}

/** A refusal by a route schema in the table's words (the same as over IPC), or null. */
export function routeInputError(error: unknown, name: OperationName | undefined): string | null {
  if (!(error instanceof ZodError) || !name) return null
  const context = (error as { validationContext?: string }).validationContext
  const args = operation(name).args
  const whole = args.findIndex((a) => (context === 'querystring' ? a.in === 'query' : a.in === 'body'))
  return inputError(name, context === 'params' || whole < 0 ? null : whole, error.issues[0])
}

const notFound = (message: string) => ({ error: { code: 'not_found', message } })

export function registerOperationRoutes(app: FastifyInstance, api: MonitorApi): void {
  app.setValidatorCompiler(({ schema }) => (data) => {
    const parsed = (schema as z.ZodType).safeParse(data)
    return parsed.success ? { value: parsed.data } : { error: parsed.error }
  })
  for (const name of OPERATION_NAMES) {
    const { args, http, role } = operation(name)
    const call = (parts: Parts): Promise<unknown> =>
      (api[name] as (...a: unknown[]) => Promise<unknown>).apply(api, argsOf(args, parts))
    app.route({
      method: http.method,
      url: http.path,
      schema: routeSchema(args, http.alias),
      config: { operation: name, role },
      handler: async (request, reply) => {
        const result = await call(request)
        if (result === null && http.notFound) return reply.code(404).send(notFound(http.notFound))
        return http.wrap ? { [http.wrap]: result } : result
      },
    })
    if (http.download) {
      app.route({
        method: 'GET',
        url: http.download,
        schema: routeSchema(args, http.alias),
        config: { operation: name, role },
        handler: async (request, reply) => {
          const file = (await call(request)) as { filename: string; contentType: string; body: string }
          const ascii = file.filename.replace(/[^\w.-]/g, '_')
          return reply
            .type(file.contentType)
            .header('content-disposition', `attachment; filename="${ascii}"`)
            .header('x-content-type-options', 'nosniff')
            .send(file.body)
        },
      })
    }
    for (const view of http.views ?? []) {
      app.route({
        method: 'GET',
        url: view.path,
        config: { operation: name, role },
        handler: async (request) => {
          const value = ((await call(request)) as Record<string, unknown>)[view.field]
          return view.wrap ? { [view.wrap]: value } : value
        },
      })
    }
  }
}
