// Icon choice from workspace health, and the generated files behind it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, encodePng, makeIcons } from '../../../../../scripts/make-icons.ts'
import {
  APP_ICON_FILE,
  APP_ICON_PIXELS,
  TRAY_COLOURS,
  trayIconFor,
  trayIconVariants,
} from '../../../../../src/main/core/tray/icons.ts'
import type { WorkspaceHealth } from '../../../../../src/shared/domain.ts'

const BUILD = join(import.meta.dirname, '../../../../../build')

interface Png {
  width: number
  height: number
  rgba: Uint8Array
}

/** Reads an 8-bit RGBA PNG written by the icon script, checking every chunk's CRC. */
function readPng(bytes: Buffer): Png {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let offset = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length)
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData))
    const type = typeAndData.toString('latin1', 0, 4)
    const data = typeAndData.subarray(4)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0])
    }
    if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  expect(raw.length).toBe((width * 4 + 1) * height)
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4)
  return { width, height, rgba }
}

const pixel = (png: Png, x: number, y: number) => [
  ...png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
]
const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16))

const HEALTHS: WorkspaceHealth[] = ['down', 'degraded', 'unknown', 'healthy', 'offline', 'empty']

describe('tray icon choice', () => {
  it.each(HEALTHS)('%s: its own icon, with a paused variant', (health) => {
    expect(trayIconFor(health, { paused: false })).toEqual({
      name: health,
      paused: false,
      file: `tray/${health}-16.png`,
    })
    expect(trayIconFor(health, { paused: true })).toEqual({
      name: health,
      paused: true,
      file: `tray/${health}-paused-16.png`,
    })
    expect(trayIconFor(health, { paused: true, theme: 'dark', size: 24 }).file).toBe(
      `tray/${health}-paused-dark-24.png`,
    )
  })

  it('the colours follow the design: red, amber, grey, green, grey', () => {
    const light = TRAY_COLOURS.light
    expect(new Set([light.down, light.degraded, light.healthy, light.unknown]).size).toBe(4)
    expect(light.offline).toBe(light.empty)
  })
})

describe('icon files', () => {
  it('every icon the app can ask for exists, with its @2x partner, as a valid PNG of the right size', () => {
    const variants = trayIconVariants()
    expect(variants).toHaveLength(6 * 2 * 2 * 2 * 2)
    for (const health of HEALTHS) {
      for (const paused of [false, true]) {
        for (const theme of ['light', 'dark'] as const) {
          for (const size of [16, 24] as const) {
            const { file } = trayIconFor(health, { paused, theme, size })
            expect(variants.map((v) => v.file)).toContain(file)
            expect(variants.map((v) => v.file)).toContain(file.replace('.png', '@2x.png'))
          }
        }
      }
    }
    for (const v of variants) {
      const png = readPng(readFileSync(join(BUILD, 'icons', v.file)))
      expect([png.width, png.height], v.file).toEqual([v.pixels, v.pixels])
      const centre = pixel(png, Math.floor(v.pixels / 2.3), Math.floor(v.pixels / 2.3))
      if (v.name === 'empty') expect(centre[3], v.file).toBe(0)
      else if (v.name !== 'unknown')
        expect(centre, v.file).toEqual([...hex(TRAY_COLOURS[v.theme][v.name]), 255])
      expect(pixel(png, 0, 0)[3], `${v.file} corner is transparent`).toBe(0)
    }
  })

  it('the app icon and the Linux icon set exist', () => {
    expect(readPng(readFileSync(join(BUILD, APP_ICON_FILE))).width).toBe(APP_ICON_PIXELS)
    for (const s of [16, 32, 48, 64, 128, 256, 512]) {
      expect(readPng(readFileSync(join(BUILD, 'icons', `${s}x${s}.png`))).height).toBe(s)
    }
  })

  it('the committed icons are what the script draws today (deterministic)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icons-'))
    try {
      for (const file of makeIcons(dir)) {
        const same = readFileSync(join(dir, file)).equals(readFileSync(join(BUILD, file)))
        expect(same, `${file} is out of date: run node scripts/make-icons.ts`).toBe(true)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('PNG encoding: standard CRC32 and a round trip', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256)
    expect(readPng(encodePng(3, 2, rgba))).toEqual({ width: 3, height: 2, rgba })
  })
})
