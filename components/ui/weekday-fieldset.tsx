/** Monday first, as people in Belgium read a week; values are 0 = Sunday … 6 = Saturday. */
const weekOrder = [1, 2, 3, 4, 5, 6, 0];

type WeekdayFieldsetProps = {
  idPrefix: string;
  legend: string;
  dayNames: Record<number, string>;
  checked: string[];
  error?: string;
};

/** Seven checkboxes named `weekdays`; the error is announced with the group. */
export function WeekdayFieldset({ idPrefix, legend, dayNames, checked, error }: WeekdayFieldsetProps) {
  const errorId = `${idPrefix}-weekdays-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className="space-y-1">
      <legend className="font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {weekOrder.map((day) => (
          <label key={day} className="inline-flex items-center gap-1">
            <input type="checkbox" name="weekdays" value={String(day)} defaultChecked={checked.includes(String(day))} />
            {dayNames[day]}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </fieldset>
  );
}
