/** Heroku's date format: `yyyy-MM-dd HH:mm UTC` (seconds dropped). Invalid or missing dates show as `unknown`. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return 'unknown'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return 'unknown'
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Whole days from `now` until `iso` (negative once passed). */
export function daysUntil(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined
  const time = new Date(iso).getTime()
  if (Number.isNaN(time)) return undefined
  return Math.floor((time - now.getTime()) / 86_400_000)
}
