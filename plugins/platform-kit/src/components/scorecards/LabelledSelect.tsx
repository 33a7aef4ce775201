import TextField from '@material-ui/core/TextField';

/**
 * A native select whose label always sits above its value (also for an empty
 * "All" option), so the two never overlap. `getByLabelText(label)` finds it.
 */
export function LabelledSelect<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      fullWidth
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true, htmlFor: props.id }}
      onChange={e => props.onChange(e.target.value as T)}
    >
      {props.options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}
