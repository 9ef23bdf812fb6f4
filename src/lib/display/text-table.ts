/**
 * Heroku's table layout (`@oclif/table` as the Heroku CLI configures it): two spaces of left
 * padding, three spaces between columns, a header row, a `─` rule from column 1 to one past the
 * widest row (recorded from heroku 11.10), and a trailing blank line. Cells are plain text; callers
 * escape untrusted text first.
 */
export function renderTextTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('   ')}`.trimEnd()
  const total = 2 + widths.reduce((sum, w) => sum + w, 0) + 3 * (widths.length - 1)
  return [line(headers), ` ${'─'.repeat(total)}`, ...rows.map((r) => line(r)), ''].join('\n')
}
