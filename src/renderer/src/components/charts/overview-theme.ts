// The overview charts' colours, read from the app's CSS custom properties when a chart
// is built: a change of the system's light/dark preference rebuilds the charts with
// the other set (useColorScheme tells them when).
import { useEffect, useState } from 'react'
import type { Health } from '../../../../shared/domain.ts'
import { darkSchemeQuery, readChartTheme } from './chart-theme.ts'

export interface OverviewTheme {
  health: Record<Health, string>
  healthFill: Record<Health, string>
  text: string
  muted: string
  grid: string
  accent: string
  warning: string
  surface: string
}

/** A colour with alpha from "#rrggbb" (anything else is returned as it is). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim())
  if (!m) return color
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h as string, 16))
  return `rgba(${r}, ${g}, ${b}, ${alpha})`
}

export function readOverviewTheme(root: Element = document.documentElement): OverviewTheme {
  // The stream chart's colours (the same CSS properties, the same fallbacks), plus fills.
  const { health, text, muted, grid, accent, surface } = readChartTheme(root)
  const healthFill = Object.fromEntries(
    Object.entries(health).map(([h, c]) => [h, withAlpha(c, 0.7)]),
  ) as Record<Health, string>
  return { health, healthFill, text, muted, grid, accent, warning: health.degraded, surface }
}

/** 'dark' or 'light' as the system prefers now, updated when it changes. */
export function useColorScheme(): 'dark' | 'light' {
  const [scheme, setScheme] = useState<'dark' | 'light'>(() =>
    darkSchemeQuery()?.matches ? 'dark' : 'light',
  )
  useEffect(() => {
    const query = darkSchemeQuery()
    if (!query) return
    const onChange = (e: MediaQueryListEvent): void => setScheme(e.matches ? 'dark' : 'light')
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return scheme
}
