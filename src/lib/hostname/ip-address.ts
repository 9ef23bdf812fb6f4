/**
 * IP addresses as certificates carry them (4 or 16 octets) and as people write them. Text is read
 * strictly (RFC 3986 dotted decimal without leading zeros, RFC 4291 IPv6) and written in RFC 5952
 * form, so the same address always reads the same.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
const HEX_GROUP = /^[0-9a-f]{1,4}$/i

function parseIpv4(text: string): Buffer | undefined {
  return IPV4.test(text) ? Buffer.from(text.split('.').map(Number)) : undefined
}

/** RFC 4291 §2.2 text: eight groups, one `::` at most, an IPv4 tail allowed (no zone index). */
function parseIpv6(text: string): Buffer | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string, last: boolean): number[] | undefined => {
    if (part === '') return []
    const out: number[] = []
    const pieces = part.split(':')
    for (const [i, piece] of pieces.entries()) {
      const v4 = last && i === pieces.length - 1 ? parseIpv4(piece) : undefined
      if (v4) out.push(v4.readUInt16BE(0), v4.readUInt16BE(2))
      else if (HEX_GROUP.test(piece)) out.push(Number.parseInt(piece, 16))
      else return undefined
    }

    return out
  }

  const head = groups(halves[0] ?? '', halves.length === 1)
  const tail = halves.length === 2 ? groups(halves[1] ?? '', true) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...head, ...Array.from({length: halves.length === 2 ? missing : 0}, () => 0), ...tail]
  const octets = Buffer.alloc(16)
  for (const [i, group] of all.entries()) octets.writeUInt16BE(group, i * 2)
  return octets
}

/** The 4 or 16 octets of an IPv4 or IPv6 address in text, or undefined when it is not one. */
export function parseIpAddress(text: string): Buffer | undefined {
  return parseIpv4(text) ?? (text.includes(':') ? parseIpv6(text) : undefined)
}

function hexGroups(octets: Buffer): string {
  const out: string[] = []
  for (let i = 0; i < octets.length; i += 2) out.push(octets.readUInt16BE(i).toString(16))
  return out.join(':')
}

/** RFC 5952 §4: lower case, no leading zeros, the first longest run (of two or more) of zero groups as `::`. */
export function formatIpAddress(octets: Buffer): string {
  if (octets.length === 4) return [...octets].join('.')
  if (octets.length !== 16) return `<${octets.length}-octet address ${octets.toString('hex')}>`
  const groups = hexGroups(octets).split(':')
  let best = {length: 0, start: -1}
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++
      continue
    }

    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > best.length) best = {length: j - i, start: i}
    i = j
  }

  if (best.length < 2) return groups.join(':')
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`
}
