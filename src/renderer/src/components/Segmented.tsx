/** One choice of a few (time ranges): pressed buttons in a fieldset, a hidden legend for screen readers. */
export function Segmented<T extends string>(props: {
  legend: string
  options: readonly T[]
  value: T
  onChange(value: T): void
  /** The visible word of an option. */
  word(option: T): string
  /** `${testIdPrefix}${option}` on each button. */
  testIdPrefix: string
  className?: string
}): React.JSX.Element {
  return (
    <fieldset className={props.className ?? 'segmented'}>
      <legend className="visually-hidden">{props.legend}</legend>
      {props.options.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={option === props.value}
          data-testid={`${props.testIdPrefix}${option}`}
          onClick={() => props.onChange(option)}
        >
          {props.word(option)}
        </button>
      ))}
    </fieldset>
  )
}
