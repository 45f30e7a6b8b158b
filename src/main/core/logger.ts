// Human-readable log lines for stderr. Call sites redact external content with
// redactText; as a safety net every line still has values after secret-like keys masked.
import { maskKeyValues } from './events/redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  level: LogLevel = 'info',
): Logger {
  const emit = (at: LogLevel, message: string): void => {
    if (RANK[at] < RANK[level]) return
    const time = new Date().toISOString().slice(11, 23)
    write(`${time} ${at.padEnd(5)} ${maskKeyValues(message)}\n`)
  }
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
