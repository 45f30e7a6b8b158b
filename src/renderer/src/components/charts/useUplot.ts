// One uPlot chart in a React component: created when the element mounts (or `key` changes),
// given new data without being rebuilt, sized to its element (ResizeObserver), redrawn when
// the colour scheme changes (its colours are read at draw time), destroyed on unmount.
import { type RefObject, useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { darkSchemeQuery } from './chart-theme.ts'

export interface UplotSetup {
  /** Options without the size (taken from the element). Read once per `key`. */
  options: () => Omit<uPlot.Options, 'width' | 'height'>
  data: uPlot.AlignedData
  /** CSS pixels. */
  height: number
  /** A change rebuilds the chart (e.g. a new window); data alone never does. */
  key: string
}

export function useUplot(setup: UplotSetup): {
  ref: RefObject<HTMLDivElement | null>
  plot: RefObject<uPlot | null>
} {
  const ref = useRef<HTMLDivElement | null>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef(setup)
  latest.current = setup
  const drawn = useRef<uPlot.AlignedData | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt on `key` and height only; options and data are read from `latest`.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const width = Math.max(200, Math.floor(el.clientWidth))
    const u = new uPlot(
      { ...latest.current.options(), width, height: latest.current.height },
      latest.current.data,
      el,
    )
    plot.current = u
    drawn.current = latest.current.data
    let frame = 0
    const resize = (): void => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const w = Math.max(200, Math.floor(el.clientWidth))
        if (w !== u.width) u.setSize({ width: w, height: latest.current.height })
      })
    }
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null
    observer?.observe(el)
    const scheme = darkSchemeQuery()
    const redraw = (): void => u.redraw(false, true)
    scheme?.addEventListener('change', redraw)
    return () => {
      cancelAnimationFrame(frame)
      observer?.disconnect()
      scheme?.removeEventListener('change', redraw)
      plot.current = null
      u.destroy()
    }
  }, [setup.key, setup.height])

  useEffect(() => {
    if (drawn.current === setup.data) return
    drawn.current = setup.data
    plot.current?.setData(setup.data)
  }, [setup.data])

  return { ref, plot }
}
