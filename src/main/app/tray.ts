// Tray adapter: shows a plain menu model with Electron's Tray and Menu. What the
// menu says (health colour, worst streams, pause choices) is decided elsewhere
// (src/main/core/tray/, pure); this only renders it and reports clicks.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import type { Logger } from '../core/logger.ts'

export type TrayItemView<A> =
  | { type: 'item'; label: string; action?: A; enabled?: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; action?: A; enabled?: boolean }
  | { type: 'separator' }
  | { type: 'submenu'; label: string; items: TrayItemView<A>[] }

export interface TrayView<A> {
  /** Absolute path of the icon file for the current state (PNG; `@2x` siblings are picked up). */
  icon: string
  /** macOS: a template image the menu bar tints for light and dark. */
  template?: boolean
  tooltip: string
  items: TrayItemView<A>[]
}

export interface TrayElectron {
  Tray: new (image: NativeImage) => Tray
  Menu: Pick<typeof Menu, 'buildFromTemplate'>
  nativeImage: { createFromPath(path: string): NativeImage }
}

export interface TrayAdapter<A> {
  show(view: TrayView<A>): void
  destroy(): void
}

export function toMenuTemplate<A>(
  items: TrayItemView<A>[],
  onAction: (action: A) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'submenu':
        return { label: item.label, submenu: toMenuTemplate(item.items, onAction) }
      default: {
        const { action } = item
        return {
          type: item.type === 'checkbox' ? 'checkbox' : 'normal',
          label: item.label,
          enabled: item.enabled ?? action !== undefined,
          ...(item.type === 'checkbox' ? { checked: item.checked } : {}),
          ...(action !== undefined ? { click: () => onAction(action) } : {}),
        }
      }
    }
  })
}

export function createTrayAdapter<A>(
  electron: TrayElectron,
  handlers: { onAction(action: A): void; onClick?(): void },
  log: Logger,
): TrayAdapter<A> {
  let tray: Tray | null = null
  let iconKey = ''

  const image = (view: TrayView<A>): NativeImage | null => {
    const img = electron.nativeImage.createFromPath(view.icon)
    if (img.isEmpty()) {
      log.warn(`tray icon missing or unreadable: ${view.icon}`)
      return null
    }
    if (view.template) img.setTemplateImage(true)
    return img
  }

  return {
    show(view) {
      const key = `${view.icon}|${view.template ? 1 : 0}`
      if (!tray) {
        const img = image(view)
        if (!img) return
        tray = new electron.Tray(img)
        iconKey = key
        if (handlers.onClick) tray.on('click', handlers.onClick)
      } else if (key !== iconKey) {
        const img = image(view)
        if (img) {
          tray.setImage(img)
          iconKey = key
        }
      }
      tray.setToolTip(view.tooltip)
      tray.setContextMenu(electron.Menu.buildFromTemplate(toMenuTemplate(view.items, handlers.onAction)))
    },
    destroy() {
      tray?.destroy()
      tray = null
    },
  }
}
