import {escapeForDisplay} from '../lib/cert/display-text.js'
import {usageError} from '../lib/sni-error.js'

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
// A-labels only, at least two labels, optionally a wildcard as the whole leftmost label.
const HOSTNAME_PATTERN = new RegExp(`^(?:\\*\\.)?(?:${LABEL}\\.)+${LABEL}$`)

/** Lower-cases a domain hostname and checks it (RFC 1123 labels, ≤ 253 characters), else a usage error (exit 2). */
export function normalizeHostname(hostname: string): string {
  const lower = hostname.trim().toLowerCase().replace(/\.$/, '')
  if (lower.length <= 253 && HOSTNAME_PATTERN.test(lower)) return lower
  throw usageError(
    `Hostname "${escapeForDisplay(hostname.slice(0, 260))}" is not a valid domain name.`,
    'HOSTNAME_INVALID',
    'Give a DNS name such as www.example.com or *.example.com; write internationalised names as A-labels (xn--...).',
  )
}
