// How desktop services talk to each other without importing each other.
import { EventEmitter } from 'node:events'

export interface AppSignalMap {
  /** Bring the window up (tray click, second launch, notification click). */
  'show-window': []
  /** Bring the window up on one stream. */
  'open-stream': [streamId: string]
  /** Quit for real (tray "Quit"), as opposed to closing the window to the tray. */
  quit: []
}

export interface AppSignals {
  on<E extends keyof AppSignalMap>(event: E, listener: (...args: AppSignalMap[E]) => void): () => void
  emit<E extends keyof AppSignalMap>(event: E, ...args: AppSignalMap[E]): void
}

export function createAppSignals(): AppSignals {
  const emitter = new EventEmitter()
  return {
    on(event, listener) {
      emitter.on(event, listener as (...args: unknown[]) => void)
      return () => emitter.off(event, listener as (...args: unknown[]) => void)
    },
    emit(event, ...args) {
      emitter.emit(event, ...args)
    },
  }
}
