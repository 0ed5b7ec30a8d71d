/** A labelled one-line input (text or date) in a `control-row`: the forms' name, reason, reference and date fields. */
export function InputRow({
  label,
  value,
  onChange,
  type = "text",
  maxLength,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "date";
  maxLength?: number;
  testId?: string;
}) {
  return (
    <label className="control-row">
      <span>{label}</span>
      <input
        type={type}
        value={value}
        maxLength={maxLength}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
