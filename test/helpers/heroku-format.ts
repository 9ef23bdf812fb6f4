// Heroku's output formats written out independently of src/lib/display, so tests compare against
// an oracle rather than against the code under test.

/** A certificate date as Heroku prints it: `2026-01-02 03:04 UTC`. */
export function herokuDate(date: Date | string): string {
  return `${new Date(date).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * Heroku's table: 2-space pad, 3 spaces between columns, a rule from column 1 to one past the widest row
 * (as recorded from heroku 11.10: `heroku certs` with a 100-character header prints a 101-character rule),
 * a blank line (then stdout's newline).
 */
export function herokuTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('   ')}`.trimEnd()
  const width = 2 + widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1)
  return [line(headers), ` ${'─'.repeat(width)}`, ...rows.map((r) => line(r)), '', ''].join('\n')
}
