// Draws the tray icons (build/icons/tray/*.png), the app icon (build/icon.png) and the
// Linux app icon set (build/icons/NxN.png). Shapes are signed-distance functions
// rendered with analytic anti-aliasing; PNGs are written with node:zlib and a CRC32,
// so there are no native dependencies. Output is deterministic.
// Run: node scripts/make-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import {
  APP_ICON_FILE,
  APP_ICON_PIXELS,
  TRAY_COLOURS,
  type TrayIconVariant,
  type TrayTheme,
  trayIconVariants,
} from '../src/main/core/tray/icons.ts'

// ---------- PNG ----------

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

/** 8-bit RGBA, non-interlaced, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}

// ---------- shapes (unit square coordinates, y down) ----------

type Sdf = (x: number, y: number) => number
type Rgba = [number, number, number, number]

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r

const ring = (cx: number, cy: number, r: number, width: number): Sdf => {
  const c = circle(cx, cy, r)
  return (x, y) => Math.abs(c(x, y)) - width / 2
}

/** Round-capped segment from a to b. */
const capsule =
  (ax: number, ay: number, bx: number, by: number, r: number): Sdf =>
  (x, y) => {
    const px = x - ax
    const py = y - ay
    const dx = bx - ax
    const dy = by - ay
    const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return Math.hypot(px - dx * h, py - dy * h) - r
  }

/** Round-capped arc from angle a0 to a1 (radians, clockwise on screen). */
const arc =
  (cx: number, cy: number, r: number, a0: number, a1: number, width: number): Sdf =>
  (x, y) => {
    let a = Math.atan2(y - cy, x - cx)
    while (a < a0) a += 2 * Math.PI
    if (a <= a1) return Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2
    const e0 = Math.hypot(x - cx - r * Math.cos(a0), y - cy - r * Math.sin(a0))
    const e1 = Math.hypot(x - cx - r * Math.cos(a1), y - cy - r * Math.sin(a1))
    return Math.min(e0, e1) - width / 2
  }

const roundBox =
  (cx: number, cy: number, hw: number, hh: number, r: number): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hw + r
    const qy = Math.abs(y - cy) - hh + r
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
  }

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)))

function hex(colour: string, alpha = 1): Rgba {
  const n = Number.parseInt(colour.slice(1), 16)
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha]
}

// ---------- canvas (premultiplied floats) ----------

class Canvas {
  readonly size: number
  readonly px: Float64Array
  constructor(size: number) {
    this.size = size
    this.px = new Float64Array(size * size * 4)
  }

  /** Coverage of a pixel by a shape: the signed distance in pixels through a 1-px ramp. */
  private each(shape: Sdf, paint: (i: number, cover: number) => void): void {
    const n = this.size
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const d = shape((x + 0.5) / n, (y + 0.5) / n) * n
        const cover = Math.max(0, Math.min(1, 0.5 - d))
        if (cover > 0) paint((y * n + x) * 4, cover)
      }
    }
  }

  fill(shape: Sdf, colour: Rgba | ((x: number, y: number) => Rgba)): this {
    const n = this.size
    this.each(shape, (i, cover) => {
      const p = i / 4
      const [r, g, b, a] = typeof colour === 'function' ? colour((p % n) / n, Math.floor(p / n) / n) : colour
      const k = a * cover
      const px = this.px
      px[i] = r * k + px[i]! * (1 - k)
      px[i + 1] = g * k + px[i + 1]! * (1 - k)
      px[i + 2] = b * k + px[i + 2]! * (1 - k)
      px[i + 3] = k + px[i + 3]! * (1 - k)
    })
    return this
  }

  /** Clears what the shape covers (a gap around a badge). */
  erase(shape: Sdf): this {
    this.each(shape, (i, cover) => {
      for (let c = 0; c < 4; c++) this.px[i + c] = this.px[i + c]! * (1 - cover)
    })
    return this
  }

  rgba(): Uint8Array {
    const out = new Uint8Array(this.px.length)
    for (let i = 0; i < this.px.length; i += 4) {
      const a = this.px[i + 3]!
      if (a <= 0) continue
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.min(1, this.px[i + c]! / a) * 255)
      out[i + 3] = Math.round(a * 255)
    }
    return out
  }
}

// ---------- tray icons ----------

const WHITE = hex('#ffffff')
const OUTLINE: Readonly<Record<TrayTheme, Rgba>> = {
  light: hex('#000000', 0.28),
  dark: hex('#ffffff', 0.8),
}
const BADGE: Readonly<Record<TrayTheme, { fill: Rgba; bars: Rgba }>> = {
  light: { fill: hex('#24292f'), bars: WHITE },
  dark: { fill: hex('#eef1f5'), bars: hex('#161b22') },
}

/** "?" glyph inside the unknown disc. */
function questionMark(shift: number, k: number): Sdf {
  const a1 = (70 * Math.PI) / 180
  const mid = 0.5 + shift
  const cx = mid
  const cy = mid + (0.39 - 0.5) * k
  const r = 0.135 * k
  const ex = cx + r * Math.cos(a1)
  const ey = cy + r * Math.sin(a1)
  return union(
    arc(cx, cy, r, (-200 * Math.PI) / 180, a1, 0.105 * k),
    capsule(ex, ey, mid, mid + 0.1 * k, 0.0525 * k),
    circle(mid, mid + 0.265 * k, 0.068 * k),
  )
}

function drawTray(v: TrayIconVariant): Canvas {
  const c = new Canvas(v.pixels)
  const onePx = 1 / v.pixels
  const colour = hex(TRAY_COLOURS[v.theme][v.name])
  // Paused: the health disc moves up-left to leave room for the pause badge.
  const at = v.paused ? 0.44 : 0.5
  const R = v.paused ? 0.4 : 0.43
  if (v.name === 'empty') {
    const width = Math.max(0.14, 2 * onePx)
    c.fill(ring(at, at, R - width / 2, width), colour)
  } else {
    c.fill(circle(at, at, R), colour)
    c.fill(ring(at, at, R - onePx / 2, onePx), OUTLINE[v.theme])
    if (v.name === 'unknown') c.fill(questionMark(at - 0.5, R / 0.43), WHITE)
  }
  if (v.paused) {
    const br = 0.25
    const bx = 1 - br - onePx * 0.25
    c.erase(circle(bx, bx, br + Math.max(onePx, 0.06)))
    c.fill(circle(bx, bx, br), BADGE[v.theme].fill)
    const barW = Math.max(0.06, onePx) / 2
    const barH = 0.105
    const gap = 0.06
    c.fill(
      union(roundBox(bx - gap, bx, barW, barH, barW * 0.4), roundBox(bx + gap, bx, barW, barH, barW * 0.4)),
      BADGE[v.theme].bars,
    )
  }
  return c
}

// ---------- app icon ----------

function drawApp(size: number): Canvas {
  const c = new Canvas(size)
  const top = hex('#1f2a3a')
  const bottom = hex('#0d1117')
  c.fill(roundBox(0.5, 0.5, 0.46, 0.46, 0.2), (_x, y) => {
    const t = Math.max(0, Math.min(1, (y - 0.04) / 0.92))
    return [0, 1, 2].map((k) => top[k]! * (1 - t) + bottom[k]! * t).concat(1) as Rgba
  })
  const waves = hex('#e6e9ee')
  const spread = (38 * Math.PI) / 180
  for (const [r, w] of [
    [0.2, 0.05],
    [0.31, 0.05],
  ] as const) {
    c.fill(arc(0.5, 0.5, r, -spread, spread, w), waves)
    c.fill(arc(0.5, 0.5, r, Math.PI - spread, Math.PI + spread, w), waves)
  }
  c.fill(circle(0.5, 0.5, 0.115), hex('#3fcf6e'))
  c.fill(circle(0.5, 0.5, 0.158), hex('#3fcf6e', 0.25))
  return c
}

// ---------- main ----------

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512]

export function makeIcons(buildDir: string): string[] {
  const written: string[] = []
  const write = (file: string, canvas: Canvas): void => {
    const path = join(buildDir, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, encodePng(canvas.size, canvas.size, canvas.rgba()))
    written.push(file)
  }
  for (const v of trayIconVariants()) write(join('icons', v.file), drawTray(v))
  write(APP_ICON_FILE, drawApp(APP_ICON_PIXELS))
  for (const s of LINUX_SIZES) write(join('icons', `${s}x${s}.png`), drawApp(s))
  return written
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const written = makeIcons(join(root, 'build'))
  console.log(`wrote ${written.length} icons to build/`)
}
