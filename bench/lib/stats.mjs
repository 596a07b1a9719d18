// Small statistics and formatting helpers for bench/run.mjs.

/** The q-quantile (0..1) of `values`, linearly interpolated. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);
export const min = (values) => Math.min(...values);
export const max = (values) => Math.max(...values);

/** A number with `digits` significant decimals, but never in exponent notation. */
export function fixed(value, digits = 2) {
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(digits);
}

/** Bytes in kB (1000 B, as the Angular CLI prints them). */
export function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** A fixed-width text table: `rows` of cells, the first row the header; columns but `left` right-aligned. */
export function textTable(rows, left = [0]) {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  return rows
    .map((row, index) => {
      const line = row
        .map((cell, column) => {
          const text = String(cell);
          return left.includes(column)
            ? text.padEnd(widths[column])
            : text.padStart(widths[column]);
        })
        .join('  ');
      return (
        index === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
      ).trimEnd();
    })
    .join('\n');
}

/** A Markdown table from `rows`, the first row the header. */
export function markdownTable(rows, align) {
  const [header, ...body] = rows;
  const rule = header.map((_, column) =>
    (align?.[column] ?? (column === 0 ? 'l' : 'r')) === 'l' ? '---' : '---:',
  );
  return [header, rule, ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
