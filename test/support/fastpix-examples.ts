// The captured FastPix REST responses in test/fixtures/fastpix/rest, read at test time.
import { readdirSync, readFileSync } from 'node:fs'

export const EXAMPLES_DIR = new URL('../fixtures/fastpix/rest/', import.meta.url)

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'))
}

export function restExample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES_DIR), 'utf8'))
}

/** A Stream's keys in FastPix's order, as `GET /live/streams/{id}` answers (with its simulcast targets). */
export const STREAM_KEYS: readonly string[] = Object.keys(
  (restExample('GET_live_streams_streamId.200.json') as { data: Record<string, unknown> }).data,
)
