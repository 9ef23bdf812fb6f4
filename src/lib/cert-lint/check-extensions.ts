import {decodeCertificateExtensions, EXTENSION_NAMES, ExtensionOid} from '../x509/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {describeCertificate} from '../x509/parse-certificate.js'

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
  '2.5.29.33', // policyMappings
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.36', // policyConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.54', // inhibitAnyPolicy
])

/** `subjectAltName (2.5.29.17)`: how messages name an extension. */
export function describeExtension(oid: string): string {
  const name = EXTENSION_NAMES[oid]
  return name ? `${name} (${oid})` : oid
}

const REISSUE = 'Ask your certificate authority to reissue the certificate; clients reject it as it is.'

/**
 * The criticality RFC 5280 §4.2.1 and the CA/B Forum profile (7.1.2) prescribe. Strict verifiers
 * (pyca/cryptography, rustls) refuse a certificate that gets one wrong. nameConstraints may be
 * non-critical (the CA/B Forum allows it, against RFC 5280).
 */
function criticalityProblems(cert: ParsedCertificate, leaf: boolean): string[] {
  const ext = decodeCertificateExtensions(parseX509Structure(cert.der, cert.source))
  const subjectEmpty = parseX509Structure(cert.der, cert.source).subject.length === 0
  const problems: string[] = []
  const critical = (oid: string) => ext.raw.get(oid)?.critical
  for (const oid of [
    ExtensionOid.authorityKeyIdentifier,
    ExtensionOid.subjectKeyIdentifier,
    ExtensionOid.authorityInfoAccess,
  ]) {
    if (critical(oid)) problems.push(`${describeExtension(oid)} is marked critical, which RFC 5280 forbids`)
  }

  if (critical(ExtensionOid.policyConstraints) === false)
    problems.push(
      `${describeExtension(ExtensionOid.policyConstraints)} is not marked critical, as RFC 5280 §4.2.1.11 requires`,
    )
  if (ext.basicConstraints?.value.ca && !ext.basicConstraints.critical)
    problems.push(
      `${describeExtension(ExtensionOid.basicConstraints)} of a CA is not marked critical, as RFC 5280 §4.2.1.9 requires`,
    )
  const san = critical(ExtensionOid.subjectAltName)
  if (san === false && subjectEmpty)
    problems.push(
      `${describeExtension(ExtensionOid.subjectAltName)} must be critical when the subject is empty (RFC 5280 §4.2.1.6)`,
    )
  if (san === true && !subjectEmpty)
    problems.push(
      `${describeExtension(ExtensionOid.subjectAltName)} must not be critical when the subject is not empty (CA/B Forum 7.1.2.7.12)`,
    )
  if (leaf && critical(ExtensionOid.extKeyUsage))
    problems.push(
      `${describeExtension(ExtensionOid.extKeyUsage)} of a server certificate must not be critical (CA/B Forum 7.1.2.7.6)`,
    )
  return problems
}

/**
 * Extension-level problems of one certificate: a repeated extension (RFC 5280 §4.2 forbids it;
 * parsers then disagree on which copy counts), an unknown critical extension, a known extension
 * whose contents do not decode, and criticality against the profile. `leaf` adds the server
 * certificate's own rules.
 */
export function checkExtensions(cert: ParsedCertificate, options: {leaf?: boolean} = {}): Finding[] {
  const structure = parseX509Structure(cert.der, cert.source)
  const decoded = decodeCertificateExtensions(structure)
  const findings: Finding[] = []
  for (const oid of decoded.duplicated) {
    findings.push({
      code: 'CERT_DUPLICATE_EXTENSION',
      hint: 'Ask your certificate authority to reissue the certificate; clients read such certificates differently.',
      message: `${describeCertificate(cert)} contains the extension ${oid} more than once.`,
      severity: 'error',
    })
  }

  for (const ext of decoded.raw.values()) {
    if (ext.critical && !KNOWN_EXTENSIONS.has(ext.oid)) {
      findings.push({
        code: 'CERT_UNKNOWN_CRITICAL_EXTENSION',
        hint: 'Clients will reject this certificate; ask your certificate authority to reissue it without that extension.',
        message: `${describeCertificate(cert)} has the unknown critical extension ${ext.oid}, so clients reject it.`,
        severity: 'error',
      })
    }
  }

  for (const {oid, reason} of decoded.malformed) {
    findings.push({
      code: 'CERT_EXTENSION_MALFORMED',
      hint: REISSUE,
      message: `${describeCertificate(cert)}: the ${describeExtension(oid)} extension is malformed (${reason}).`,
      severity: 'error',
    })
  }

  const criticality = criticalityProblems(cert, options.leaf ?? false)
  if (criticality.length > 0) {
    findings.push({
      code: 'CERT_EXTENSION_CRITICALITY',
      hint: 'Browsers accept it today, but strict clients do not; ask your certificate authority to fix it at the next renewal.',
      message: `${describeCertificate(cert)}: ${criticality.join('; ')}.`,
      severity: 'warning',
    })
  }

  return findings
}
