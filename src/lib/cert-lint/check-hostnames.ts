import {decodeCertificateExtensions, GeneralNameKind} from '../x509/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {formatIpAddress, parseIpAddress} from '../hostname/ip-address.js'
import {hostnameMatchesPattern, isPublicSuffix} from '../hostname/match-hostname.js'
import {normalizeHostname} from '../hostname/normalize-hostname.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/** A name the certificate must cover (RFC 6125's reference identifier): a DNS name or an IP address. */
export type ReferenceName = {kind: 'dns'; name: string; shown: string} | {kind: 'ip'; octets: Buffer; shown: string}

/**
 * Reads `--hostname` values: an IPv4/IPv6 address, or a hostname (IDNs become A-labels, a leading
 * `*.` names a wildcard custom domain). Anything else is a usage error (exit 2) naming the value.
 */
export function parseReferenceNames(values: readonly string[]): ReferenceName[] {
  return values.map((value): ReferenceName => {
    const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value
    const octets = parseIpAddress(bare)
    if (octets) return {kind: 'ip', octets, shown: formatIpAddress(octets)}
    const {ascii, unicode} = normalizeHostname(value, {allowWildcard: true, argName: '--hostname'})
    return {kind: 'dns', name: ascii, shown: unicode === ascii ? ascii : `${ascii} (${unicode})`}
  })
}

/**
 * Whether the certificate's subjectAltName covers the name (RFC 6125 §6: SANs only, one-label wildcards, no
 * wildcard spanning a public suffix).
 */
export function covers(cert: ParsedCertificate, reference: ReferenceName): boolean {
  const structure = parseX509Structure(cert.der, cert.source)
  if (reference.kind === 'ip') {
    const sans = decodeCertificateExtensions(structure).subjectAltName?.value ?? []
    return sans.some((n) => n.kind === GeneralNameKind.iPAddress && n.value.equals(reference.octets))
  }

  return structure.dnsNames.some(
    (pattern) =>
      !(pattern.startsWith('*.') && isPublicSuffix(pattern.slice(2))) &&
      hostnameMatchesPattern(pattern, reference.name),
  )
}

/** Each `--hostname` the leaf must cover: an error for each one it does not (the user asked for that name). */
export function checkHostnames(leaf: ParsedCertificate, references: readonly ReferenceName[]): Finding[] {
  const structure = parseX509Structure(leaf.der, leaf.source)
  const listed = [...structure.dnsNames, ...structure.ipAddresses]
  const has =
    listed.length === 0
      ? 'names no host in subjectAltName'
      : `is for ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ` and ${listed.length - 5} more` : ''}`
  return references
    .filter((reference) => !covers(leaf, reference))
    .map((reference) => ({
      code: 'HOSTNAME_NOT_COVERED',
      hint: `Use a certificate whose subjectAltName covers ${reference.shown}, or check the --hostname value.`,
      message: `${describeCertificate(leaf)} does not cover ${reference.shown}: it ${has}.`,
      severity: 'error' as const,
    }))
}
