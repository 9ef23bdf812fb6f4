/**
 * Whether `namespace` is enabled by a `DEBUG` value, as the `debug` package reads it: patterns separated by
 * commas or spaces, `*` matching anything, a leading `-` excluding. `sni*`, `sni:*`, `sni:http` and `*`
 * enable `sni:http`.
 */
export function isDebugNamespaceEnabled(namespace: string, debug: string | undefined): boolean {
  if (!debug) return false
  let enabled = false
  for (const pattern of debug.split(/[\s,]+/)) {
    if (pattern === '') continue
    const negated = pattern.startsWith('-')
    const glob = negated ? pattern.slice(1) : pattern
    const source = glob
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    if (!new RegExp(`^${source}$`).test(namespace)) continue
    if (negated) return false
    enabled = true
  }

  return enabled
}
