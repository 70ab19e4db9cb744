import { Fragment } from "react";

/**
 * A URL, host name or address that wraps after its separators (`/`, `.`, `:`, `-`, `@`, `?`, `&`, `=`) on a narrow
 * screen instead of in the middle of a word; a part longer than the line still breaks (the `address` class).
 */
export function Address({ value, className }: { value: string; className?: string }) {
  const parts = value.split(/(?<=[/.:\-@?&=])/);
  return (
    <span className={className ? `address ${className}` : "address"}>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered.
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
