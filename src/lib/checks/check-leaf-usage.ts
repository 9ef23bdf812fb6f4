import {decodeCertificateExtensions, KEY_PURPOSE_NAMES, KEY_USAGE_NAMES, KeyPurpose, KeyUsageBit} from '../cert/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../cert/types.js'
import {parseX509Structure} from '../cert/x509-structure.js'
import {describeCertificate} from './describe-certificate.js'

const REISSUE_FOR_TLS = 'Ask your certificate authority for a TLS server certificate (extended key usage serverAuth).'

function names(values: Iterable<string | number>, table: Record<string | number, string> | string[]): string {
  return [...values].map((v) => (table as Record<string | number, string>)[v] ?? String(v)).join(', ')
}

/**
 * What the server certificate may be used for. extendedKeyUsage, when present, must allow TLS
 * server authentication (RFC 5280 §4.2.1.12; absent means any use); anyExtendedKeyUsage is
 * forbidden in server certificates (CA/B Forum 7.1.2.7.10). keyUsage, when present, must allow the
 * handshake signature (digitalSignature; keyEncipherment also serves RSA key exchange), unless
 * the certificate is a CA (then keyCertSign is what it should say). A
 * non-CA may carry no nameConstraints (RFC 5280 §4.2.1.10).
 */
export function checkLeafUsage(leaf: ParsedCertificate): Finding[] {
  const ext = decodeCertificateExtensions(parseX509Structure(leaf.der, leaf.source))
  const findings: Finding[] = []
  const purposes = ext.extKeyUsage?.value
  if (purposes && !purposes.includes(KeyPurpose.serverAuth) && !purposes.includes(KeyPurpose.any)) {
    findings.push({
      code: 'CERT_EKU_NOT_SERVER_AUTH',
      hint: REISSUE_FOR_TLS,
      message: `${describeCertificate(leaf)} may only be used for ${names(purposes, KEY_PURPOSE_NAMES)} (extended key usage), not as a TLS server certificate.`,
      severity: 'error',
    })
  }

  if (purposes?.includes(KeyPurpose.any)) {
    findings.push({
      code: 'CERT_EKU_ANY',
      hint: 'Browsers accept it today, but strict clients do not; ask for serverAuth alone at the next renewal.',
      message: `${describeCertificate(leaf)} lists anyExtendedKeyUsage, which the CA/B Forum forbids in server certificates.`,
      severity: 'warning',
    })
  }

  // A CA certificate in the leaf position (RFC 5280 puts no end-entity requirement on it) keeps its CA key usage.
  const usage = ext.basicConstraints?.value.ca ? undefined : ext.keyUsage?.value
  const rsa = leaf.summary.publicKey.type === 'rsa'
  if (usage && !usage.has(KeyUsageBit.digitalSignature) && !(rsa && usage.has(KeyUsageBit.keyEncipherment))) {
    findings.push({
      code: 'CERT_KEY_USAGE_NOT_TLS',
      hint: REISSUE_FOR_TLS,
      message: `${describeCertificate(leaf)} has key usage ${names(usage, KEY_USAGE_NAMES)}, which does not allow the TLS handshake signature (digitalSignature${rsa ? ' or keyEncipherment' : ''}).`,
      severity: 'error',
    })
  }

  if (ext.nameConstraints && !ext.basicConstraints?.value.ca) {
    findings.push({
      code: 'NAME_CONSTRAINTS_INVALID',
      hint: 'Ask your certificate authority to reissue the certificate; only CA certificates may carry name constraints.',
      message: `${describeCertificate(leaf)} carries nameConstraints but is not a CA (RFC 5280 §4.2.1.10).`,
      severity: 'error',
    })
  }

  return findings
}
