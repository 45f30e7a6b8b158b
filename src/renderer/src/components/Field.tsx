/** A labelled text input with an optional hint and its own inline error. */
export function Field({
  id,
  label,
  value,
  onChange,
  testId,
  error,
  hint,
  type = 'text',
  placeholder,
}: {
  id: string
  label: string
  value: string
  onChange(value: string): void
  testId: string
  error?: string | undefined
  hint?: React.ReactNode
  type?: 'text' | 'password' | 'url'
  placeholder?: string
}): React.JSX.Element {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint muted small">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}
