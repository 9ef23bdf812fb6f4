/**
 * Heroku's `styledObject` layout: keys padded to the longest key plus `: `, array values one per
 * line aligned under the first. Entries whose value is undefined are left out.
 */
export function renderStyledObject(entries: Array<[string, string | string[] | undefined]>): string {
  const present = entries.filter((e): e is [string, string | string[]] => e[1] !== undefined)
  const width = Math.max(0, ...present.map(([key]) => key.length)) + 2
  const lines: string[] = []
  for (const [key, value] of present) {
    const values = Array.isArray(value) ? value : [value]
    const label = `${key}: `.padEnd(width)
    if (values.length === 0) lines.push(label.trimEnd())
    for (const [i, v] of values.entries()) lines.push(`${i === 0 ? label : ' '.repeat(width)}${v}`)
  }

  return lines.join('\n')
}
