import {domainToASCII} from 'node:url'

import {isLdhName} from './ldh-label.js'

/** Lower case, one trailing dot removed; Unicode labels converted to A-labels ('' when impossible). */
function canonicalName(name: string): string {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name
  return /^[\x21-\x7e]*$/.test(bare) ? bare.toLowerCase() : domainToASCII(bare)
}

/**
 * Why a SAN pattern containing `*` is not a wildcard we honour, or undefined when it is fine (or is
 * no wildcard at all). RFC 6125/9525 and the CA/B Forum allow `*` only as the entire leftmost label,
 * followed by at least two labels.
 */
export function describeWildcardProblem(pattern: string): string | undefined {
  const name = canonicalName(pattern)
  if (!name.includes('*')) return undefined
  if (name === '*') return 'a bare "*" names no domain'
  const [first, ...rest] = name.split('.')
  if (first !== '*') return first?.includes('*') ? 'the wildcard is only part of the leftmost label' : 'the wildcard is not in the leftmost label'
  if (rest.some((label) => label.includes('*'))) return 'the name has more than one wildcard'
  if (rest.length < 2) return 'a wildcard needs at least two labels after it'
  if (!isLdhName(rest.join('.'))) return 'the labels after the wildcard are not a valid hostname'
  return undefined
}

/**
 * Whether one SAN dNSName pattern covers a hostname. A wildcard (`*.example.com`) covers exactly one
 * extra leftmost label and is anchored at both ends; malformed wildcards never match. A hostname that
 * is itself a wildcard (a wildcard custom domain) is covered only by the identical pattern.
 */
export function hostnameMatchesPattern(pattern: string, hostname: string): boolean {
  const host = canonicalName(hostname)
  const pat = canonicalName(pattern)
  if (host === '' || pat === '') return false
  if (host.startsWith('*.')) return describeWildcardProblem(host) === undefined && pat === host
  if (!isLdhName(host)) return false
  if (!pat.includes('*')) return isLdhName(pat) && pat === host
  if (describeWildcardProblem(pat) !== undefined) return false
  const dot = host.indexOf('.')
  return dot > 0 && host.slice(dot) === pat.slice(1)
}

/** The SAN dNSNames that cover a hostname (no CN fallback: a certificate without SANs covers nothing). */
export function findCoveringNames(dnsNames: string[], hostname: string): string[] {
  return dnsNames.filter((pattern) => hostnameMatchesPattern(pattern, hostname))
}

export function certificateCovers(dnsNames: string[], hostname: string): boolean {
  return dnsNames.some((pattern) => hostnameMatchesPattern(pattern, hostname))
}
