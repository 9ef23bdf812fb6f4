import {
  decodeCertificateExtensions,
  KEY_PURPOSE_NAMES,
  KEY_USAGE_NAMES,
  KeyPurpose,
  KeyUsageBit,
} from '../x509/certificate-extensions.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/** Where a certificate sits on the path: its role decides which profile rules apply. */
export type CertificateRole = 'leaf' | 'intermediate' | 'anchor'

const REISSUE = 'Ask your certificate authority to reissue the certificate.'

function checkVersion(cert: ParsedCertificate, role: CertificateRole): Finding[] {
  const s = parseX509Structure(cert.der, cert.source)
  // RFC 5280 §4.1.2.1: extensions need v3, unique IDs v2 or v3; CA/B Forum 7.1.1: every certificate it governs is v3.
  // A v1 trust anchor without extensions is still legal (old private roots).
  const needs3 = s.hasExtensionsField || role !== 'anchor'
  if ((needs3 && s.version !== 3) || (s.hasUniqueIds && s.version === 1)) {
    return [
      {
        code: 'CERT_VERSION_INVALID',
        hint: REISSUE,
        message: `${describeCertificate(cert)} is an X.509 v${s.version} certificate${s.hasExtensionsField ? ' with extensions' : ''}; clients require v3.`,
        severity: 'error',
      },
    ]
  }

  return []
}

/** RFC 5280's "self-signed": the signature verifies with the certificate's own key (whatever the names say). */
export function isSignedByOwnKey(cert: ParsedCertificate): boolean {
  if (cert.summary.selfSigned) return true
  let known = ownKey.get(cert)
  if (known === undefined) {
    try {
      known = cert.x509.verify(cert.x509.publicKey)
    } catch {
      known = false
    }

    ownKey.set(cert, known)
  }

  return known
}

const ownKey = new WeakMap<ParsedCertificate, boolean>()

function checkSerialNumber(cert: ParsedCertificate): Finding[] {
  const serial = parseX509Structure(cert.der, cert.source).serialNumber
  const negative = ((serial[0] ?? 0) & 0x80) !== 0
  const zero = serial.every((b) => b === 0)
  // 20 octets of value; a leading 0x00 only keeps a high bit positive
  const tooLong = serial.length > 21 || (serial.length === 21 && serial[0] !== 0)
  const problem = negative
    ? 'negative'
    : zero
      ? 'zero'
      : tooLong
        ? `${serial.length} octets long, over the 20 allowed`
        : undefined
  if (!problem) return []
  return [
    {
      code: 'CERT_SERIAL_INVALID',
      hint: 'Browsers accept it today, but strict clients do not; ask your certificate authority to fix it at the next renewal.',
      message: `${describeCertificate(cert)} has a serial number that is ${problem} (RFC 5280 §4.1.2.2 wants a positive number of at most 20 octets).`,
      severity: 'warning',
    },
  ]
}

function checkNames(cert: ParsedCertificate): Finding[] {
  const s = parseX509Structure(cert.der, cert.source)
  const problems: string[] = []
  if (s.issuer.length === 0) problems.push('an empty issuer name (RFC 5280 §4.1.2.4)')
  if (s.subject.length === 0 && decodeCertificateExtensions(s).basicConstraints?.value.ca)
    problems.push('an empty subject although it is a CA (RFC 5280 §4.1.2.6)')
  if (problems.length === 0) return []
  return [
    {
      code: 'CERT_NAME_EMPTY',
      hint: REISSUE,
      message: `${describeCertificate(cert)} has ${problems.join(' and ')}.`,
      severity: 'error',
    },
  ]
}

function checkSignatureAlgorithmsMatch(cert: ParsedCertificate): Finding[] {
  if (parseX509Structure(cert.der, cert.source).signatureAlgorithmsMatch) return []
  return [
    {
      code: 'CERT_SIGNATURE_ALGORITHM_MISMATCH',
      hint: 'The certificate was altered or badly built; download it again from your certificate authority.',
      message: `${describeCertificate(cert)} names one signature algorithm inside the signed part and another outside it (RFC 5280 §4.1.1.2 requires them identical).`,
      severity: 'error',
    },
  ]
}

/**
 * authorityKeyIdentifier and subjectKeyIdentifier, as RFC 5280 §4.2.1.1-2 and the CA/B Forum
 * require them: every certificate but a self-signed one names its issuer's key; every CA names its
 * own; a root's authorityKeyIdentifier, when present, is exactly its own key identifier.
 */
function checkKeyIdentifiers(cert: ParsedCertificate, role: CertificateRole): Finding[] {
  const ext = decodeCertificateExtensions(parseX509Structure(cert.der, cert.source))
  const aki = ext.authorityKeyIdentifier?.value
  const ski = ext.subjectKeyIdentifier?.value
  const problems: string[] = []
  if (!aki?.keyIdentifier && !ext.malformed.some((m) => m.oid === '2.5.29.35') && !isSignedByOwnKey(cert)) {
    problems.push(
      'no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1 requires it on every certificate that is not self-signed)',
    )
  }

  if (ext.basicConstraints?.value.ca && !ski && !ext.malformed.some((m) => m.oid === '2.5.29.14')) {
    problems.push('no subjectKeyIdentifier although it is a CA (RFC 5280 §4.2.1.2)')
  }

  if (role === 'anchor' && aki && isSignedByOwnKey(cert)) {
    if (!aki.keyIdentifier) problems.push('an authorityKeyIdentifier without keyIdentifier (CA/B Forum 7.1.2.1.3)')
    else if (ski && !aki.keyIdentifier.equals(ski))
      problems.push('an authorityKeyIdentifier that differs from its own subjectKeyIdentifier (CA/B Forum 7.1.2.1.3)')
    if (aki.hasIssuer)
      problems.push(
        'authorityCertIssuer and authorityCertSerialNumber in its authorityKeyIdentifier (CA/B Forum 7.1.2.1.3 forbids them on a root)',
      )
  }

  if (problems.length === 0) return []
  return [
    {
      code: 'CERT_KEY_IDENTIFIER_INVALID',
      hint: 'Browsers accept it today, but strict clients do not; ask your certificate authority to fix it at the next renewal.',
      message: `${describeCertificate(cert)} has ${problems.join('; ')}.`,
      severity: 'warning',
    },
  ]
}

/**
 * basicConstraints and keyUsage must agree (RFC 5280 §4.2.1.3 and §4.2.1.9): keyCertSign only with
 * cA, a CA's keyUsage must include keyCertSign, pathLenConstraint only on such a CA. An error on an
 * issuer (it cannot sign); on the leaf a warning, as platforms accept such certificates.
 */
function checkCaFlags(cert: ParsedCertificate, role: CertificateRole): Finding[] {
  const ext = decodeCertificateExtensions(parseX509Structure(cert.der, cert.source))
  const ca = ext.basicConstraints?.value.ca === true
  const usage = ext.keyUsage?.value
  const certSign = usage === undefined || usage.has(KeyUsageBit.keyCertSign)
  const problems: string[] = []
  if (ca && !certSign) problems.push('basicConstraints says it is a CA but keyUsage lacks keyCertSign')
  if (!ca && usage?.has(KeyUsageBit.keyCertSign))
    problems.push('keyUsage asserts keyCertSign but basicConstraints does not say it is a CA')
  if (ext.basicConstraints?.value.pathLength !== undefined && !(ca && certSign))
    problems.push('it has a pathLenConstraint without being a CA that may sign certificates')
  if (problems.length === 0) return []
  return [
    {
      code: 'CERT_CA_FLAGS_INCONSISTENT',
      hint:
        role === 'leaf'
          ? 'Reissue the certificate as a plain server certificate (basicConstraints CA:FALSE, no keyCertSign).'
          : REISSUE,
      message: `${describeCertificate(cert)}: ${problems.join('; ')}; clients reject such a certificate.`,
      severity: role === 'leaf' ? 'warning' : 'error',
    },
  ]
}

/** Field-level rules of RFC 5280 §4.1-4.2 and the CA/B Forum profile, for a certificate in `role`. */
export function checkCertificateFields(cert: ParsedCertificate, role: CertificateRole): Finding[] {
  return [
    ...checkVersion(cert, role),
    // a trust anchor is only a name and a key to clients: real roots have serial 0
    ...(role === 'anchor' ? [] : checkSerialNumber(cert)),
    ...checkNames(cert),
    ...checkSignatureAlgorithmsMatch(cert),
    ...checkKeyIdentifiers(cert, role),
    ...checkCaFlags(cert, role),
  ]
}

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
