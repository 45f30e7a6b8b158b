// The public origin FastPix was last seen posting to (learned from new, verified
// deliveries), kept in the workspace folder so the "FastPix still uses the old URL"
// warning survives a restart.
import { readFile, rename, writeFile } from 'node:fs/promises'
import type { Logger } from '../logger.ts'

export interface DeliveryOriginOptions {
  file: string
  log: Logger
  /** The origin changed (after it is taken, before it is saved). */
  onChange(): void
}

export interface DeliveryOrigin {
  /** The newest origin, or null when none was learned yet. */
  current(): string | null
  /** A new, verified delivery was addressed to `origin`. */
  addressedTo(origin: string): void
  /** Waits for the saves under way. */
  close(): Promise<void>
}

export async function openDeliveryOrigin(options: DeliveryOriginOptions): Promise<DeliveryOrigin> {
  let last = await readOrigin(options.file)
  let writing: Promise<void> = Promise.resolve()
  return {
    current: () => last,
    addressedTo(origin) {
      if (origin === last) return
      last = origin
      writing = writing
        .then(() => writeOrigin(options.file, origin))
        .catch((error: unknown) => options.log.warn(`delivery origin not saved: ${(error as Error).message}`))
      options.onChange()
    },
    close: () => writing,
  }
}

/** Saved origins are marked as learned from verified deliveries; older files may hold a probe's Host. */
const ORIGIN_SOURCE = 'verified-delivery'

async function readOrigin(file: string): Promise<string | null> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { origin?: unknown; source?: unknown }
    return typeof saved.origin === 'string' && saved.source === ORIGIN_SOURCE ? saved.origin : null
  } catch {
    return null
  }
}

async function writeOrigin(file: string, origin: string): Promise<void> {
  const temp = `${file}.tmp`
  await writeFile(temp, `${JSON.stringify({ origin, source: ORIGIN_SOURCE, at: Date.now() })}\n`, {
    mode: 0o600,
  })
  await rename(temp, file)
}
