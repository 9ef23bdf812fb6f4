import {cliCommand} from './cli-command.js'
import {ExitCode} from './exit-codes.js'
import {certificateCovers} from './hostname/match-hostname.js'
import {normalizeHostname} from './hostname/normalize-hostname.js'
import {inputError, SniError} from './sni-error.js'
import type {Domain, SniEndpoint} from './models.js'

export interface AssociationRequest {
  /** Hostnames from `--domains a,b`. */
  requested?: string[]
  /** `--all-matching`: every custom domain of the app the certificate covers. */
  allMatching?: boolean
  /** The app, for the commands in hints. */
  app?: string
  /**
   * For a requested hostname that is not a domain of the app: the app it belongs to, null when no
   * app has it, undefined when the platform cannot tell (Heroku shows no other account's apps).
   */
  ownerOf?: (hostname: string) => string | null | undefined
}

/** What to do about a requested hostname the app does not have: add it, or (when another app has it) say so. */
function unknownDomainHint(hostname: string, request: AssociationRequest): string {
  const app = request.app ?? 'APP'
  const owner = request.ownerOf?.(hostname)
  const add = `\`${cliCommand('domains:add', hostname, '--app', app)}\``
  if (owner) {
    return `${hostname} is a domain of the app ${owner}, and a domain belongs to one app only: leave it out of --domains, or remove it from ${owner} first (\`${cliCommand('domains:remove', hostname, '--app', owner)}\`) and then add it with ${add}; nothing was changed.`
  }

  if (owner === null) return `Add it first with ${add}; nothing was changed.`
  return `Add it first with ${add} (that fails if another app has it); nothing was changed.`
}

/**
 * Decides which domains to associate with a certificate, before anything is created. `matching`
 * holds the app's domains the certificate covers; each requested hostname must be covered by the
 * certificate (RFC 6125) and be one of them, otherwise the whole request is refused and nothing changes.
 */
export function planAssociation(certDomains: string[], matching: Domain[], request: AssociationRequest): string[] {
  if (request.allMatching) return matching.map((d) => d.hostname)
  const hostnames = [
    ...new Set(
      (request.requested ?? []).map((h) => normalizeHostname(h, {allowWildcard: true, argName: '--domains'}).ascii),
    ),
  ]
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
        hint: unknownDomainHint(hostname, request),
      })
    }
  }

  return hostnames
}

/** The app's custom domains a certificate covers (RFC 6125 matching, anchored; never Heroku's loose regex). */
export function findMatchingDomains(certDomains: string[], domains: Domain[]): Domain[] {
  return domains.filter((d) => d.kind === 'custom' && certificateCovers(certDomains, d.hostname))
}

/** Domains associated with an endpoint that a replacement certificate would no longer cover. */
export function findUncoveredDomains(associated: string[], newCertDomains: string[]): string[] {
  return associated.filter((hostname) => !certificateCovers(newCertDomains, hostname))
}

/** The outcome for one hostname, printed as a per-domain result and returned in --json. */
export interface AssociationResult {
  hostname: string
  /** The platform's id of the domain, once associated (what the endpoint's `domains` lists). */
  domainId?: string
  ok: boolean
  /** DNS target to point the hostname at (CNAME, or ALIAS/ANAME at the apex). */
  cname: string | null
  error?: string
  /** The command that finishes this domain after a failure. */
  resume?: string
}

/** CNAME for subdomains; an apex (two labels) needs ALIAS/ANAME, as Heroku's `domains` shows. */
export function dnsRecordType(hostname: string): string {
  return hostname.startsWith('*.') || hostname.split('.').length > 2 ? 'CNAME' : 'ALIAS or ANAME'
}

/**
 * Refuses to point HOSTNAME at an endpoint whose certificate does not cover it (exit 3, nothing
 * changed), so a domain is never served a certificate that fails hostname verification.
 */
export function assertEndpointCovers(endpoint: SniEndpoint, hostname: string, hint: string): void {
  const names = endpoint.sslCert?.certDomains ?? []
  if (certificateCovers(names, hostname)) return
  throw inputError(
    `Certificate ${endpoint.name} does not cover ${hostname} (it covers ${names.join(', ') || 'no hostname'}).`,
    'DOMAIN_NOT_COVERED',
    hint,
  )
}
