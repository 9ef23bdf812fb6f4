/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * A CSV document as Heroku's `--csv` writes it: a header row of the column headers, then one line per
 * row, `\n` line ends, no trailing blank line.
 */
export function renderCsv(headers: string[], rows: string[][]): string {
  return [headers, ...rows].map((cells) => cells.map((c) => csvField(c)).join(',')).join('\n')
}
