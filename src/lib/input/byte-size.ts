const KIB = 1024
const MIB = 1024 * 1024

/**
 * `512 B`, `16 KiB`, `1.5 MiB`: sizes in messages, in the binary units our caps use. A size that
 * would round to the cap itself (16 KiB + 1 byte) is shown in bytes, so it never reads as equal.
 */
export function formatByteSize(bytes: number): string {
  const [unit, size] = bytes < MIB ? ['KiB', KIB] : ['MiB', MIB]
  const value = bytes / size
  if (bytes < KIB) return `${bytes} B`
  if (Number.isInteger(value)) return `${value} ${unit}`
  const rounded = value.toFixed(1)
  return rounded.endsWith('.0') ? `${bytes} B` : `${rounded} ${unit}`
}
