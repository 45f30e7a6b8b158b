// Chart colours from the app's CSS custom properties, read when a chart draws (so a switch
// between the light and dark theme shows at the next redraw; useUplot redraws on it).
import type { Health } from '../../../../shared/domain.ts'

export interface ChartTheme {
  text: string
  muted: string
  grid: string
  surface: string
  accent: string
  /** How opaque health bands are: the dark theme's colours need more to show on its dark surface. */
  bandAlpha: number
  /** The strong colour of each health (bands draw it translucent). */
  health: Record<Health, string>
}

const HEALTHS: readonly Health[] = ['healthy', 'degraded', 'down', 'unknown', 'offline']

const FALLBACK: ChartTheme = {
  text: '#161b22',
  muted: '#5b6573',
  grid: '#dde1e7',
  surface: '#ffffff',
  accent: '#2f5fd0',
  bandAlpha: 0.16,
  health: {
    healthy: '#1a7f37',
    degraded: '#b35900',
    down: '#d1242f',
    unknown: '#57606a',
    offline: '#8c959f',
  },
}

/** The current theme's chart colours (a property the page does not define keeps the light default). */
export function readChartTheme(el: Element = document.documentElement): ChartTheme {
  const style = getComputedStyle(el)
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback
  return {
    text: v('--text', FALLBACK.text),
    muted: v('--muted', FALLBACK.muted),
    grid: v('--border', FALLBACK.grid),
    surface: v('--surface', FALLBACK.surface),
    accent: v('--accent', FALLBACK.accent),
    bandAlpha: darkSchemeQuery()?.matches ? 0.26 : FALLBACK.bandAlpha,
    health: Object.fromEntries(HEALTHS.map((h) => [h, v(`--${h}`, FALLBACK.health[h])])) as Record<
      Health,
      string
    >,
  }
}

/** Whether the page follows a dark colour scheme now. */
export const darkSchemeQuery = (): MediaQueryList | null =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null
