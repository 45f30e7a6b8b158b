import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef } from 'react'
import type { StreamSnapshot } from '../../../shared/domain.ts'
import { OverviewPanel } from '../components/charts/OverviewPanel.tsx'
import { navigate } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectBoardRows } from '../state/selectors.ts'
import { BoardToolbar } from './BoardToolbar.tsx'
import { EmptyBoard } from './EmptyBoard.tsx'
import { StreamRow } from './StreamRow.tsx'
import '../styles/workspace-overview.css'

/** Above this many rows only the visible ones are in the DOM. */
export const VIRTUALIZE_OVER = 100
const ROW_ESTIMATE = 76

interface ListProps {
  rows: StreamSnapshot[]
  selectedId: string | null
  onSelect(id: string): void
  scrollRef: React.RefObject<HTMLDivElement | null>
}

function PlainList({ rows, selectedId, onSelect }: ListProps): React.JSX.Element {
  return (
    <>
      {rows.map((stream, index) => (
        <StreamRow
          key={stream.id}
          stream={stream}
          index={index}
          selected={stream.id === selectedId}
          tabbable={selectedId === null ? index === 0 : stream.id === selectedId}
          onSelect={onSelect}
        />
      ))}
    </>
  )
}

function VirtualList({ rows, selectedId, onSelect, scrollRef }: ListProps): React.JSX.Element {
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 8,
    initialRect: { width: 1024, height: 800 },
  })
  const selectedIndex = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])
  return (
    <>
      {virtualizer.getVirtualItems().map((item) => {
        const stream = rows[item.index]
        if (!stream) return null
        return (
          <StreamRow
            key={item.key}
            stream={stream}
            index={item.index}
            selected={stream.id === selectedId}
            tabbable={selectedId === null ? item.index === 0 : stream.id === selectedId}
            onSelect={onSelect}
            measureRef={virtualizer.measureElement}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start}px)`,
            }}
          />
        )
      })}
      <li className="virtual-end" aria-hidden="true" style={{ top: virtualizer.getTotalSize() }} />
    </>
  )
}

function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT' ||
      (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox'))
  )
}

/** Streams, worst first: the board a person reads at a glance. */
export function Board(): React.JSX.Element {
  const rows = useMonitor(selectBoardRows)
  const load = useMonitor((s) => s.load)
  const selectedId = useMonitor((s) => s.selectedStreamId)
  const selectStream = useMonitor((s) => s.selectStream)
  const scrollRef = useRef<HTMLDivElement | null>(null)

  const focusRow = useCallback((id: string) => {
    // The row may render a frame later when the list is virtualized.
    requestAnimationFrame(() => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-stream-id="${CSS.escape(id)}"]`)
      row?.focus({ preventScroll: false })
    })
  }, [])

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      const inSearch = event.target instanceof HTMLElement && event.target.dataset.search !== undefined
      if (isTextField(event.target) && !(inSearch && event.key === 'ArrowDown')) return
      const current = useMonitor.getState().selectedStreamId
      const index = current ? rows.findIndex((r) => r.id === current) : -1
      let next = -1
      if (event.key === 'ArrowDown') next = Math.min(rows.length - 1, index + 1)
      else if (event.key === 'ArrowUp') next = Math.max(0, index - 1)
      else if (event.key === 'Home') next = 0
      else if (event.key === 'End') next = rows.length - 1
      else if (event.key === 'Enter' && current && index >= 0) {
        const onControl = event.target instanceof HTMLElement && event.target.closest('a,button,input')
        if (onControl) return
        event.preventDefault()
        navigate({ view: 'stream', id: current })
        return
      } else return
      const target = rows[next]
      if (!target) return
      event.preventDefault()
      selectStream(target.id)
      focusRow(target.id)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [rows, selectStream, focusRow])

  const List = rows.length > VIRTUALIZE_OVER ? VirtualList : PlainList
  return (
    <section className="board" aria-labelledby="board-title">
      <h1 id="board-title" className="visually-hidden">
        Streams
      </h1>
      <BoardToolbar shown={rows.length} />
      <OverviewPanel />
      <div className="board-scroll" ref={scrollRef}>
        {load === 'loading' && rows.length === 0 ? (
          <p className="empty muted" data-testid="board-loading">
            Loading the current picture…
          </p>
        ) : rows.length === 0 ? (
          <EmptyBoard />
        ) : (
          <ul
            aria-label="Streams, worst health first"
            className={rows.length > VIRTUALIZE_OVER ? 'stream-list virtual' : 'stream-list'}
            data-testid="stream-list"
          >
            <List rows={rows} selectedId={selectedId} onSelect={selectStream} scrollRef={scrollRef} />
          </ul>
        )}
      </div>
    </section>
  )
}
