import { useEffect, useRef } from 'react'
import type { RejectedRecord } from '../../../shared/api.ts'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { formatAbsoluteMs } from '../lib/format.ts'
import { formatSize, rejectionWords, statusText } from '../lib/rejected-words.ts'
import { hrefOf } from '../router.ts'

const BACK = hrefOf({ view: 'rejected' })

function Headers({ record }: { record: RejectedRecord }): React.JSX.Element {
  if (record.headers.length === 0) {
    return (
      <p className="muted" data-testid="rejected-no-headers">
        {record.reason.startsWith('held delivery')
          ? 'Held deliveries keep their body and signature only, not the request headers.'
          : 'Not kept for this delivery (recorded by an earlier version).'}
      </p>
    )
  }
  return (
    <table className="table rejected-headers" data-testid="rejected-headers">
      <thead>
        <tr>
          <th scope="col">Header</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {record.headers.map((h, i) => (
          // Names may repeat; their order is the request's.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes once shown
          <tr key={i}>
            <th scope="row">
              <code>{h.name}</code>
            </th>
            <td>
              <code>{h.value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** One rejected delivery: what came, why it was refused, and what to do about it. */
export function RejectedDetail({ record }: { record: RejectedRecord }): React.JSX.Element {
  const words = rejectionWords(record)
  const heading = useRef<HTMLHeadingElement | null>(null)
  useEffect(() => heading.current?.focus({ preventScroll: true }), [])
  return (
    <article
      className="panel rejected-detail"
      aria-labelledby="rejected-detail-title"
      data-testid="rejected-detail"
      data-kind={words.kind}
    >
      <p className="small">
        <a href={BACK} data-testid="rejected-back">
          ← All rejected deliveries
        </a>{' '}
        <span className="muted">(Esc)</span>
      </p>
      <h2 id="rejected-detail-title" ref={heading} tabIndex={-1}>
        {words.title}
      </h2>
      <dl className="facts">
        <div>
          <dt>Received</dt>
          <dd data-testid="rejected-time">
            {formatAbsoluteMs(record.receivedAt)} (<RelativeTime at={record.receivedAt} />)
          </dd>
        </div>
        <div>
          <dt>Reason recorded</dt>
          <dd data-testid="rejected-reason">{record.reason}</dd>
        </div>
        <div>
          <dt>Answer sent</dt>
          <dd data-testid="rejected-status">{statusText(record.status)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd data-testid="rejected-size">
            {formatSize(record.size)}
            {record.status === 413 ? ' (declared; the body was not read)' : ''}
          </dd>
        </div>
      </dl>
      <section
        className="rejected-advice"
        aria-labelledby="rejected-advice-title"
        data-testid="rejected-advice"
      >
        <h3 id="rejected-advice-title">What to do</h3>
        <p>{words.advice}</p>
      </section>
      <h3>Request headers (credentials redacted)</h3>
      <Headers record={record} />
      <h3>Body preview (secrets redacted)</h3>
      {record.preview ? (
        <pre className="rejected-preview" data-testid="rejected-preview">
          {record.preview}
        </pre>
      ) : (
        <p className="muted" data-testid="rejected-preview">
          {record.status === 413 ? 'None: the body was not read.' : '(empty body)'}
        </p>
      )}
    </article>
  )
}
