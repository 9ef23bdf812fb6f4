/** `2020-02-01 00:00 UTC`: how dates appear in finding messages. */
export function formatUtcMinute(date: Date | string): string {
  const iso = (typeof date === 'string' ? new Date(date) : date).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}
