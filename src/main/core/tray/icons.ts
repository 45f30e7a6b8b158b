// Tray icon choice from workspace health, and the list of icon files (the icon
// script draws exactly these; a test checks each exists in build/icons).
import type { WorkspaceHealth } from '../../../shared/domain.ts'

export const TRAY_ICON_NAMES = ['down', 'degraded', 'unknown', 'healthy', 'offline', 'empty'] as const
export type TrayIconName = (typeof TRAY_ICON_NAMES)[number]

/** Light menus (dark text) and dark menus (light text; the icons get a lighter outline). */
export type TrayTheme = 'light' | 'dark'
export const TRAY_THEMES: readonly TrayTheme[] = ['light', 'dark']

/** Logical sizes: 16 (macOS, Windows) and 24 (Linux), each with an @2x file beside it. */
export type TraySize = 16 | 24
export const TRAY_SIZES: readonly TraySize[] = [16, 24]

/** Fill colour per icon, per menu theme (matches the dashboard's health colours). */
export const TRAY_COLOURS: Readonly<Record<TrayTheme, Readonly<Record<TrayIconName, string>>>> = {
  light: {
    down: '#d1242f',
    degraded: '#e8a317',
    unknown: '#6e7781',
    healthy: '#2da44e',
    offline: '#8c959f',
    empty: '#8c959f',
  },
  dark: {
    down: '#ff6b6b',
    degraded: '#f5a524',
    unknown: '#a3acb9',
    healthy: '#3fcf6e',
    offline: '#6e7784',
    empty: '#a3acb9',
  },
}

export interface TrayIconVariant {
  name: TrayIconName
  paused: boolean
  theme: TrayTheme
  size: TraySize
  scale: 1 | 2
  /** Pixel width and height. */
  pixels: number
  /** Relative to build/icons. */
  file: string
}

export interface TrayIcon {
  name: TrayIconName
  paused: boolean
  /**
   * Relative to build/icons; Electron's nativeImage picks up the `@2x` file beside it
   * on high-DPI screens.
   */
  file: string
}

/** "tray/down-paused-dark-16@2x.png" */
export function trayIconFile(
  name: TrayIconName,
  variant: { paused: boolean; theme: TrayTheme; size: TraySize; scale?: 1 | 2 },
): string {
  const paused = variant.paused ? '-paused' : ''
  const dark = variant.theme === 'dark' ? '-dark' : ''
  const scale = variant.scale === 2 ? '@2x' : ''
  return `tray/${name}${paused}${dark}-${variant.size}${scale}.png`
}

/** Every tray icon file the app can ask for. */
export function trayIconVariants(): TrayIconVariant[] {
  const out: TrayIconVariant[] = []
  for (const name of TRAY_ICON_NAMES) {
    for (const paused of [false, true]) {
      for (const theme of TRAY_THEMES) {
        for (const size of TRAY_SIZES) {
          for (const scale of [1, 2] as const) {
            const file = trayIconFile(name, { paused, theme, size, scale })
            out.push({ name, paused, theme, size, scale, pixels: size * scale, file })
          }
        }
      }
    }
  }
  return out
}

/** The app icon (electron-builder reads build/icon.png), relative to build/. */
export const APP_ICON_FILE = 'icon.png'
export const APP_ICON_PIXELS = 512

/**
 * Icon for the workspace health: down red > degraded amber > unknown grey with "?" >
 * healthy green > offline grey; no streams is an empty grey ring. Paused notifications
 * add a pause badge to the same colour.
 */
export function trayIconFor(
  health: WorkspaceHealth,
  options: { paused: boolean; theme?: TrayTheme; size?: TraySize },
): TrayIcon {
  return {
    name: health,
    paused: options.paused,
    file: trayIconFile(health, {
      paused: options.paused,
      theme: options.theme ?? 'light',
      size: options.size ?? 16,
    }),
  }
}
