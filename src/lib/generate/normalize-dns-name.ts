import {domainToASCII} from 'node:url'

import {escapeForDisplay} from '../cert/display-text.js'
import {usageError} from '../sni-error.js'

const MAX_NAME_LENGTH = 253
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
// Anything ASCII beyond letters, digits, dot and hyphen is refused before the WHATWG host parser
// sees it: that parser would percent-decode (`a%2Db` -> `a-b`) or read `0x7f.1` as an IP address.
function hasForbiddenAscii(name: string): boolean {
  return [...name].some((ch) => ch < '\u0080' && !/[A-Za-z0-9.-]/.test(ch))
}

function rejectName(name: string, label: string, problem: string): never {
  throw usageError(
    `${label} '${escapeForDisplay(name)}' is not a valid DNS name: ${problem}.`,
    'INVALID_DNS_NAME',
    'Give a host name such as www.example.com, or a wildcard such as *.example.com.',
  )
}

/**
 * Normalises a DNS name for a certificate: lower case, IDN to A-labels (punycode), one trailing dot
 * removed. A wildcard is allowed only as a leading `*.` over at least two labels. IP addresses,
 * underscores and empty labels are refused. `label` names the argument in messages (`DOMAIN`, `--san`).
 */
export function normalizeDnsName(name: string, label: string): string {
  const wildcard = name.startsWith('*.')
  const rest = wildcard ? name.slice(2) : name
  if (rest.includes('*')) rejectName(name, label, 'a wildcard is only allowed as a leading "*."')
  if (hasForbiddenAscii(rest)) rejectName(name, label, 'it contains a character not allowed in host names')
  const ascii = domainToASCII(rest).replace(/\.$/, '')
  if (ascii === '') rejectName(name, label, 'it cannot be converted to an ASCII host name')
  const labels = ascii.split('.')
  if (!labels.every((l) => LABEL.test(l))) rejectName(name, label, 'each label must be 1-63 letters, digits or inner hyphens')
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) rejectName(name, label, 'IP addresses are not supported')
  if (wildcard && labels.length < 2) rejectName(name, label, 'a wildcard must cover at least two labels, as in *.example.com')
  const normalized = wildcard ? `*.${ascii}` : ascii
  if (normalized.length > MAX_NAME_LENGTH) rejectName(name, label, `it is longer than ${MAX_NAME_LENGTH} characters`)
  return normalized
}

/** DOMAIN first, then each extra name once, all normalised: the certificate's subjectAltName list. */
export function collectSubjectAltNames(domain: string, extraNames: readonly string[]): string[] {
  const names = [normalizeDnsName(domain, 'DOMAIN'), ...extraNames.map((n) => normalizeDnsName(n, '--san'))]
  return [...new Set(names)]
}
