// The overview charts' colours, read from the app's CSS custom properties when a chart
// is built: a change of the system's light/dark preference rebuilds the charts with
// the other set (useColorScheme tells them when).
import { useEffect, useState } from 'react'
import type { Health } from '../../../../shared/domain.ts'

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

const FALLBACK: Record<string, string> = {
  '--healthy': '#1a7f37',
  '--degraded': '#b35900',
  '--down': '#d1242f',
  '--unknown': '#57606a',
  '--offline': '#8c959f',
  '--text': '#161b22',
  '--muted': '#5b6573',
  '--border': '#dde1e7',
  '--accent': '#2f5fd0',
  '--surface': '#ffffff',
}

/** A colour with alpha from "#rrggbb" (anything else is returned as it is). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim())
  if (!m) return color
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h as string, 16))
  return `rgba(${r}, ${g}, ${b}, ${alpha})`
}

export function readOverviewTheme(root: Element = document.documentElement): OverviewTheme {
  const style = getComputedStyle(root)
  const v = (name: string): string => style.getPropertyValue(name).trim() || (FALLBACK[name] as string)
  const health = {
    healthy: v('--healthy'),
    degraded: v('--degraded'),
    down: v('--down'),
    unknown: v('--unknown'),
    offline: v('--offline'),
  }
  const healthFill = Object.fromEntries(
    Object.entries(health).map(([h, c]) => [h, withAlpha(c, 0.7)]),
  ) as Record<Health, string>
  return {
    health,
    healthFill,
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--border'),
    accent: v('--accent'),
    warning: v('--degraded'),
    surface: v('--surface'),
  }
}

const DARK = '(prefers-color-scheme: dark)'

/** 'dark' or 'light' as the system prefers now, updated when it changes. */
const darkQuery = (): MediaQueryList | null =>
  typeof window.matchMedia === 'function' ? window.matchMedia(DARK) : null

export function useColorScheme(): 'dark' | 'light' {
  const [scheme, setScheme] = useState<'dark' | 'light'>(() => (darkQuery()?.matches ? 'dark' : 'light'))
  useEffect(() => {
    const query = darkQuery()
    if (!query) return
    const onChange = (e: MediaQueryListEvent): void => setScheme(e.matches ? 'dark' : 'light')
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return scheme
}
