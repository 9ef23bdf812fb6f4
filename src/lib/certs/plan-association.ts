import {ExitCode} from '../exit-codes.js'
import {certificateCovers} from '../hostname/match-hostname.js'
import {normalizeHostname} from '../hostname/normalize-hostname.js'
import {inputError, SniError} from '../sni-error.js'
import type {Domain} from '../../platform/models.js'

export interface AssociationRequest {
  /** Hostnames from `--domains a,b`. */
  requested?: string[]
  /** `--all-matching`: every custom domain of the app the certificate covers. */
  allMatching?: boolean
}

/**
 * Decides which domains to associate with a certificate, before anything is created. `matching`
 * holds the app's domains the certificate covers; each requested hostname must be covered by the
 * certificate (RFC 6125) and be one of them, otherwise the whole request is refused and nothing changes.
 */
export function planAssociation(certDomains: string[], matching: Domain[], request: AssociationRequest): string[] {
  if (request.allMatching) return matching.map((d) => d.hostname)
  const hostnames = [...new Set((request.requested ?? []).map((h) => normalizeHostname(h, {allowWildcard: true, argName: '--domains'}).ascii))]
  const known = new Set(matching.map((d) => d.hostname))
  for (const hostname of hostnames) {
    if (!certificateCovers(certDomains, hostname)) {
      throw inputError(
        `--domains: the certificate does not cover ${hostname} (it covers ${certDomains.join(', ') || 'no hostname'}).`,
        'DOMAIN_NOT_COVERED',
        'Leave that domain out, or use a certificate whose subjectAltName includes it; nothing was changed.',
      )
    }

    if (!known.has(hostname)) {
      throw new SniError(`--domains: ${hostname} is not a domain of this app.`, {
        code: 'DOMAIN_UNKNOWN',
        exit: ExitCode.platformRefused,
        hint: `Add it first with: sni domains:add ${hostname}; nothing was changed.`,
      })
    }
  }

  return hostnames
}
