const MINUTE = 60_000
const MINUTES_IN_DAY = 1440
const MINUTES_IN_MONTH = 43_200

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/**
 * The distance between two times in words, as date-fns `formatDistanceToNow` writes it (Heroku's
 * `certs:auto` Last Updated column): `less than a minute`, `5 minutes`, `about 1 hour`, `3 days`,
 * `about 1 month`, `4 months`, `about 1 year`, `over 1 year`, `almost 2 years`. Months are 30 days.
 */
export function formatDistance(date: Date, now: Date): string {
  const minutes = Math.round(Math.abs(now.getTime() - date.getTime()) / MINUTE)
  if (minutes === 0) return 'less than a minute'
  if (minutes < 45) return plural(minutes, 'minute')
  if (minutes < 90) return 'about 1 hour'
  if (minutes < MINUTES_IN_DAY) return `about ${plural(Math.round(minutes / 60), 'hour')}`
  if (minutes < 2520) return '1 day'
  if (minutes < MINUTES_IN_MONTH) return plural(Math.round(minutes / MINUTES_IN_DAY), 'day')
  if (minutes < 2 * MINUTES_IN_MONTH) return `about ${plural(Math.round(minutes / MINUTES_IN_MONTH), 'month')}`
  const months = Math.floor(minutes / MINUTES_IN_MONTH)
  if (months < 12) return plural(Math.round(minutes / MINUTES_IN_MONTH), 'month')
  const years = Math.floor(months / 12)
  const rest = months % 12
  if (rest < 3) return `about ${plural(years, 'year')}`
  if (rest < 9) return `over ${plural(years, 'year')}`
  return `almost ${plural(years + 1, 'year')}`
}
