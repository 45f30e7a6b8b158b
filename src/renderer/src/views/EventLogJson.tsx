import { useState } from 'react'
import type { DiffKind } from '../lib/json-diff.ts'
import { childPath, entriesOf } from '../lib/json-path.ts'
import { CHILDREN_SHOWN, formatLeaf, kindOf, openByDefault, summaryOf } from '../lib/json-tree.ts'

/** How containers start: the default policy, all open, or all closed. */
export type ExpandMode = 'auto' | 'all' | 'none'

interface NodeProps {
  name: string | number | null
  value: unknown
  path: string
  depth: number
  expand: ExpandMode
  marks: ReadonlyMap<string, DiffKind> | null
}

function KeyLabel({ name }: { name: string | number | null }): React.JSX.Element | null {
  if (name === null) return null
  return (
    <>
      <span className={typeof name === 'number' ? 'jt-key jt-index' : 'jt-key'}>{name}</span>
      <span className="jt-colon">: </span>
    </>
  )
}

function Leaf({ value }: { value: unknown }): React.JSX.Element {
  const kind = kindOf(value)
  if (kind === 'redacted')
    return (
      <span className="jt-val jt-redacted" title="secret removed by the monitor before storing">
        [redacted]
      </span>
    )
  return <span className={`jt-val jt-${kind}`}>{formatLeaf(value)}</span>
}

function markClass(mark: DiffKind | undefined): string {
  return mark ? ` jt-mark jt-mark-${mark}` : ''
}

function JsonNode({ name, value, path, depth, expand, marks }: NodeProps): React.JSX.Element {
  const kind = kindOf(value)
  const mark = marks?.get(path)
  const [open, setOpen] = useState(() =>
    expand === 'all' ? true : expand === 'none' ? depth === 0 : openByDefault(value, depth),
  )
  const [shown, setShown] = useState(CHILDREN_SHOWN)
  if (kind !== 'object' && kind !== 'array') {
    return (
      <li className={`jt-leaf${markClass(mark)}`} data-path={path}>
        <KeyLabel name={name} />
        <Leaf value={value} />
      </li>
    )
  }
  const children = entriesOf(value)
  const empty = children.length === 0
  return (
    <li className={`jt-node${markClass(mark)}`} data-path={path}>
      {empty ? (
        <span className="jt-toggle jt-static">
          <KeyLabel name={name} />
          <span className="jt-summary">{summaryOf(value)}</span>
        </span>
      ) : (
        <button type="button" className="jt-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className="jt-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <KeyLabel name={name ?? (path === '' ? 'payload' : null)} />
          <span className="jt-summary">{summaryOf(value)}</span>
        </button>
      )}
      {open && !empty ? (
        <ul className="jt-group">
          {children.slice(0, shown).map(([key, child]) => (
            <JsonNode
              key={key}
              name={key}
              value={child}
              path={childPath(path, key)}
              depth={depth + 1}
              expand={expand}
              marks={marks}
            />
          ))}
          {children.length > shown ? (
            <li>
              <button
                type="button"
                className="link-button"
                onClick={() => setShown(shown + CHILDREN_SHOWN * 5)}
              >
                Show {Math.min(children.length - shown, CHILDREN_SHOWN * 5)} more of {children.length - shown}
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  )
}

/** A collapsible tree of a JSON value; `marks` highlights paths changed since the previous event. */
export function JsonTree({
  value,
  expand,
  marks,
  label,
}: {
  value: unknown
  expand: ExpandMode
  marks: ReadonlyMap<string, DiffKind> | null
  label: string
}): React.JSX.Element {
  return (
    <ul aria-label={label} className="jt" data-testid="event-json">
      <JsonNode name={null} value={value} path="" depth={0} expand={expand} marks={marks} />
    </ul>
  )
}
