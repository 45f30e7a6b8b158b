// Widths the layout needs before it draws: how wide an element is (kept current with a
// ResizeObserver) and how wide text is in a given class's font. Both read the real
// layout, so fonts, locales and zoom are accounted for; without a layout (tests) they are 0.
import { type RefObject, useLayoutEffect, useState } from 'react'

/** The element's content width in CSS pixels, updated on resize; 0 until laid out. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

/** The widest of `texts` set in an invisible element of `className` inside `host`, rounded up. */
export function textWidth(host: HTMLElement, className: string, texts: readonly string[]): number {
  const probe = document.createElement('span')
  probe.className = className
  probe.setAttribute('aria-hidden', 'true')
  // Out of the flow and unseen, but styled by the same rules as the real text.
  probe.style.cssText =
    'position:absolute;visibility:hidden;left:0;top:0;right:auto;bottom:auto;width:auto;max-width:none;overflow:visible;white-space:nowrap;transform:none'
  host.appendChild(probe)
  let widest = 0
  for (const text of texts) {
    probe.textContent = text
    widest = Math.max(widest, probe.getBoundingClientRect().width)
  }
  probe.remove()
  return Math.ceil(widest)
}

/** textWidth, measured after layout and again once web fonts have loaded. */
export function useTextWidth(
  host: RefObject<HTMLElement | null>,
  className: string,
  texts: readonly string[],
): number {
  const [width, setWidth] = useState(0)
  const key = texts.join('\n')
  // biome-ignore lint/correctness/useExhaustiveDependencies: the texts are compared by value (key)
  useLayoutEffect(() => {
    const el = host.current
    if (!el) return
    let live = true
    const measure = (): void => {
      if (live && host.current) setWidth(textWidth(host.current, className, texts))
    }
    measure()
    void document.fonts?.ready.then(measure)
    return () => {
      live = false
    }
  }, [host, className, key])
  return width
}
