/** Letters, digits and hyphens, not starting or ending with a hyphen, 1-63 characters (RFC 1123). */
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i

export function isLdhLabel(label: string): boolean {
  return LDH_LABEL.test(label)
}

/** Every dot-separated label is LDH (so no empty label, no `*`, no `_`, no control character). */
export function isLdhName(name: string): boolean {
  return name !== '' && name.split('.').every((label) => isLdhLabel(label))
}
