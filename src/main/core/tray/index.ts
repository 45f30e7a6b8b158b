// The tray's model: icon choice, tooltip and menu from workspace health (pure).
export {
  APP_ICON_FILE,
  APP_ICON_PIXELS,
  TRAY_COLOURS,
  TRAY_ICON_NAMES,
  TRAY_SIZES,
  TRAY_THEMES,
  type TrayIcon,
  type TrayIconName,
  type TrayIconVariant,
  type TraySize,
  type TrayTheme,
  trayIconFile,
  trayIconFor,
  trayIconVariants,
} from './icons.ts'
export {
  buildTrayMenu,
  MAX_MENU_STREAMS,
  type MenuAction,
  type MenuItem,
  type MenuModel,
  type MenuStream,
  type TrayMenuInput,
} from './menu.ts'
export {
  APP_NAME,
  CREDENTIALS_REJECTED,
  countsLine,
  healthCounts,
  type TooltipInput,
  trayTooltip,
} from './summary.ts'
