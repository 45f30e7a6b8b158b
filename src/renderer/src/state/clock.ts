// One shared one-second tick for relative times and countdowns; only the components
// that show a time subscribe to it, so a tick re-renders those leaves and nothing else.
import { create } from 'zustand'
import { useMonitor } from './monitor.ts'

export const useTicker = create<{ now: number }>(() => ({ now: Date.now() }))

let timer: ReturnType<typeof setInterval> | null = null

export function startTicker(intervalMs = 1_000): () => void {
  if (!timer) timer = setInterval(() => useTicker.setState({ now: Date.now() }), intervalMs)
  return stopTicker
}

export function stopTicker(): void {
  if (timer) clearInterval(timer)
  timer = null
}

/** "Now" on the monitor's clock (the demo may run faster than real time). */
export function useServerNow(): number {
  const local = useTicker((s) => s.now)
  const offset = useMonitor((s) => s.clockOffset)
  return local + offset
}
