import {normalizeHostname} from '../hostname/normalize-hostname.js'

/**
 * DOMAIN first, then each `--san` once: the certificate's subjectAltName DNS names, normalised
 * (lower case, A-labels, no trailing dot; a wildcard only as a leading `*.`).
 */
export function collectSubjectAltNames(domain: string, extraNames: readonly string[]): string[] {
  const names = [
    normalizeHostname(domain, {allowWildcard: true, argName: 'DOMAIN'}).ascii,
    ...extraNames.map((name) => normalizeHostname(name, {allowWildcard: true, argName: '--san'}).ascii),
  ]
  return [...new Set(names)]
}
