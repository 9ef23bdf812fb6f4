import {escapeForDisplay} from '../display-text.js'
import {usageError} from '../sni-error.js'

/** Let's Encrypt's directories (RFC 8555), the local platform's default CA and its staging twin. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory'
export const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory'

const SHORTCUTS: Record<string, string> = {
  letsencrypt: LETS_ENCRYPT_PRODUCTION,
  'letsencrypt-staging': LETS_ENCRYPT_STAGING,
  staging: LETS_ENCRYPT_STAGING,
}

/**
 * The ACME directory URL from --acme-directory, else SNI_ACME_DIRECTORY, else Let's Encrypt
 * production. `letsencrypt` and `staging` (or `letsencrypt-staging`) are shortcuts. RFC 8555 needs
 * HTTPS; the URL may hold no user name or password.
 */
export function resolveAcmeDirectory(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = flag ?? (env.SNI_ACME_DIRECTORY || undefined)
  if (given === undefined) return LETS_ENCRYPT_PRODUCTION
  const value = SHORTCUTS[given.toLowerCase()] ?? given
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw usageError(
      `ACME directory "${escapeForDisplay(value.slice(0, 200))}" is not a URL.`,
      'ACME_DIRECTORY_INVALID',
      "Give the CA's directory URL, e.g. --acme-directory https://127.0.0.1:14000/dir, or letsencrypt / staging.",
    )
  }

  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw usageError(
      `ACME directory ${escapeForDisplay(url.origin)} must be an https:// URL without credentials (RFC 8555).`,
      'ACME_DIRECTORY_INVALID',
      "Give the CA's https:// directory URL.",
    )
  }

  return url.href
}

const UNITS: Record<string, number> = {'': 1000, h: 3_600_000, m: 60_000, ms: 1, s: 1000}

/** `90`, `90s`, `10m`, `1h`, `500ms` as milliseconds (a bare number is seconds). */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|)\s*$/i.exec(text)
  if (!match)
    throw usageError(
      `${flag} "${escapeForDisplay(text.slice(0, 40))}" is not a duration.`,
      'DURATION_INVALID',
      `Give seconds or a number with s, m or h, e.g. ${flag} 10m.`,
    )
  return Math.round(Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 1000))
}

/** `10m 0s`-style text for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`
}
