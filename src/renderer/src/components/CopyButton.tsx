import { useEffect, useState } from 'react'

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

function CopyIcon(): React.JSX.Element {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  )
}

/** A small button that copies `text`; says "Copied" for a moment so the user knows it worked. */
export function CopyButton({
  text,
  label,
  testId,
  compact,
}: {
  text: string
  /** What is copied, for the accessible name: "Copy webhook URL". */
  label: string
  testId?: string
  compact?: boolean
}): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 1_500)
    return () => clearTimeout(timer)
  }, [state])
  const word = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'
  return (
    <button
      type="button"
      className={compact ? 'copy-button copy-compact' : 'copy-button'}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      data-testid={testId}
      onClick={(event) => {
        event.stopPropagation()
        void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))
      }}
    >
      {compact && state === 'idle' ? <CopyIcon /> : word}
    </button>
  )
}
