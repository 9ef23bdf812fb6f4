import {isIPv4, isIPv6} from 'node:net'

/**
 * IP addresses as certificates carry them (4 or 16 octets) and as people write them. Text is read
 * strictly (RFC 3986 dotted decimal without leading zeros, RFC 4291 IPv6) and written in RFC 5952
 * form, so the same address always reads the same.
 */

/** The 4 or 16 octets of an IPv4 or IPv6 address in text, or undefined when it is not one. */
export function parseIpAddress(text: string): Buffer | undefined {
  if (/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(text)) {
    return Buffer.from(text.split('.').map(Number))
  }

  if (!isIPv6(text) || text.includes('%')) return undefined
  let [head = '', tail] = text.split('::') as [string, string | undefined]
  // an embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups
  const embed = (part: string) => part.replace(/(\d+\.\d+\.\d+\.\d+)$/, (v4) => (isIPv4(v4) ? hexGroups(Buffer.from(v4.split('.').map(Number))) : v4))
  head = embed(head)
  tail = tail === undefined ? undefined : embed(tail)
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const before = groups(head)
  const after = tail === undefined ? [] : groups(tail)
  const zeros = tail === undefined ? 0 : 8 - before.length - after.length
  const all = [...before, ...Array.from({length: zeros}, () => '0'), ...after]
  if (all.length !== 8) return undefined
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex')
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
