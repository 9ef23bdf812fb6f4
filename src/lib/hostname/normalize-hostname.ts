import {domainToASCII, domainToUnicode} from 'node:url'

import {escapeForDisplay} from '../display-text.js'
import {usageError} from '../sni-error.js'
import {isLdhLabel} from './ldh-label.js'

export interface NormalizeHostnameOptions {
  /** How the value is named in messages, e.g. `DOMAIN` or `--domain`. */
  argName?: string
  /** Accept a leading `*.` label (a wildcard custom domain). */
  allowWildcard?: boolean
}

export interface NormalizedHostname {
  /** A-label form, lower case, no trailing dot: what goes into URLs, file names and comparisons. */
  ascii: string
  /** The same name with IDN labels shown in Unicode, for display. */
  unicode: string
}

function reject(argName: string, input: string, problem: string): never {
  throw usageError(
    `${argName} "${escapeForDisplay(input)}" is not a valid hostname: ${problem}.`,
    'INVALID_HOSTNAME',
    'Give a hostname such as www.example.com (letters, digits, hyphens and dots only).',
  )
}

/**
 * Normalises a hostname argument to its A-label form and rejects anything that is not a plain DNS
 * name. Runs before a hostname reaches a URL path or a file name, so `/`, `?`, `#`, `%` and `..`
 * can never smuggle in a path segment.
 */
export function normalizeHostname(input: string, options: NormalizeHostnameOptions = {}): NormalizedHostname {
  const argName = options.argName ?? 'hostname'
  // Check the raw text first: domainToASCII would silently rewrite some of these (`%41` -> `a`).
  if (/\s/u.test(input)) reject(argName, input, 'it contains whitespace')
  if (/[/?#%\\@:]/.test(input)) reject(argName, input, 'it contains a character reserved in URLs')
  if (input.includes('..')) reject(argName, input, 'it contains an empty label ("..")')

  let rest = input.endsWith('.') ? input.slice(0, -1) : input
  let prefix = ''
  if (options.allowWildcard && rest.startsWith('*.')) {
    prefix = '*.'
    rest = rest.slice(2)
  }

  const ascii = /^[\x21-\x7e]*$/.test(rest) ? rest.toLowerCase() : domainToASCII(rest)
  if (ascii === '') reject(argName, input, 'it is empty or not a valid internationalised name')
  const name = prefix + ascii
  if (name.length > 253) reject(argName, input, `it is ${name.length} characters long (the limit is 253)`)
  const labels = ascii.split('.')
  for (const label of labels) {
    if (label.length > 63)
      reject(argName, input, `the label "${escapeForDisplay(label.slice(0, 20))}…" is longer than 63 characters`)
    if (label === '*')
      reject(
        argName,
        input,
        options.allowWildcard
          ? 'a wildcard is allowed only as the whole leftmost label'
          : 'wildcards are not allowed here',
      )
    if (!isLdhLabel(label))
      reject(argName, input, `the label "${escapeForDisplay(label)}" is not letters, digits and inner hyphens`)
  }

  // An all-numeric last label is an IP address (or WHATWG's rewrite of `0x7f.1`), not a domain.
  if (/^\d+$/.test(labels.at(-1) ?? '')) reject(argName, input, 'it is an IP address, not a domain name')
  if (prefix && labels.length < 2) reject(argName, input, 'a wildcard needs at least two labels after it')

  const unicode = domainToUnicode(ascii) || ascii
  return {ascii: name, unicode: prefix + unicode}
}
