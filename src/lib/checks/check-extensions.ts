import type {Finding, ParsedCertificate} from '../cert/types.js'
import {parseX509Structure} from '../cert/x509-structure.js'
import {describeCertificate} from './describe-certificate.js'

/** Extensions TLS clients understand; any other marked critical makes clients reject the certificate. */
const KNOWN_EXTENSIONS = new Set([
  '1.3.6.1.4.1.11129.2.4.2', // signed certificate timestamps
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '1.3.6.1.5.5.7.1.24', // TLS feature (OCSP must-staple)
  '2.5.29.9', // subjectDirectoryAttributes
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.36', // policyConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.54', // inhibitAnyPolicy
])

/**
 * RFC 5280 §4.2 forbids repeating an extension; parsers then disagree on which copy counts (Node and
 * forge report different SANs), so the certificate is ambiguous and refused.
 */
export function checkExtensions(cert: ParsedCertificate): Finding[] {
  const {extensions} = parseX509Structure(cert.der, cert.source)
  const findings: Finding[] = []
  const seen = new Set<string>()
  const reported = new Set<string>()
  for (const ext of extensions) {
    if (seen.has(ext.oid) && !reported.has(ext.oid)) {
      reported.add(ext.oid)
      findings.push({
        code: 'CERT_DUPLICATE_EXTENSION',
        hint: 'Ask your certificate authority to reissue the certificate; clients read such certificates differently.',
        message: `${describeCertificate(cert)} contains the extension ${ext.oid} more than once.`,
        severity: 'error',
      })
    }

    seen.add(ext.oid)
    if (ext.critical && !KNOWN_EXTENSIONS.has(ext.oid)) {
      findings.push({
        code: 'CERT_UNKNOWN_CRITICAL_EXTENSION',
        hint: 'Clients will reject this certificate; ask your certificate authority to reissue it without that extension.',
        message: `${describeCertificate(cert)} has the unknown critical extension ${ext.oid}.`,
        severity: 'warning',
      })
    }
  }

  return findings
}
