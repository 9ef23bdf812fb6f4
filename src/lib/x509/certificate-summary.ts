import {createHash, type X509Certificate} from 'node:crypto'

import {decodeCertificateExtensions} from './certificate-extensions.js'
import {escapeForDisplay} from '../display-text.js'
import {describePublicKey} from './public-key-info.js'
import type {CertificateSummary, PublicKeyInfo} from './types.js'
import type {NameAttribute, X509Structure} from './x509-structure.js'

/** OpenSSL's one-line slash form (`/C=US/O=Example/CN=www.example.com`), as Heroku's API shows names. */
export function formatSlashName(name: NameAttribute[]): string {
  return name.map((a) => `/${a.shortName}=${escapeForDisplay(a.value)}`).join('')
}

function isSelfSigned(x509: X509Certificate): boolean {
  try {
    return x509.verify(x509.publicKey)
  } catch {
    return false
  }
}

/**
 * The certificate's key as Node sees it; a key Node cannot load (GOST, an unknown algorithm) is
 * still described, by the algorithm our reader found, so checks can name it instead of failing.
 */
function describeCertificateKey(x509: X509Certificate, structure: X509Structure): PublicKeyInfo {
  const {publicKeyAlgorithm: algorithm} = structure
  try {
    const info = describePublicKey(x509.publicKey)
    if (info.type !== 'other') return info
  } catch {
    // described below from the DER
  }

  const name = algorithm.curve ? `${algorithm.name} ${algorithm.curve}` : algorithm.name
  return {
    algorithm: escapeForDisplay(name),
    spkiSha256: createHash('sha256').update(algorithm.spki).digest('hex'),
    type: 'other',
  }
}

/** Builds the display and storage summary of a certificate that Node parsed and whose structure we read. */
export function summarizeCertificate(x509: X509Certificate, structure: X509Structure): CertificateSummary {
  const commonNames = structure.subject.filter((a) => a.shortName === 'CN')
  const selfIssued = structure.issuerDer === structure.subjectDer
  const summary: CertificateSummary = {
    dnsNames: structure.dnsNames.map((n) => escapeForDisplay(n)),
    fingerprint256: x509.fingerprint256,
    ipAddresses: structure.ipAddresses,
    isCA: decodeCertificateExtensions(structure).basicConstraints?.value.ca === true,
    issuer: formatSlashName(structure.issuer),
    notAfter: structure.notAfter.toISOString(),
    notBefore: structure.notBefore.toISOString(),
    publicKey: describeCertificateKey(x509, structure),
    selfIssued,
    selfSigned: selfIssued && isSelfSigned(x509),
    serialNumber: x509.serialNumber,
    signatureAlgorithm: structure.signatureAlgorithm,
    subject: formatSlashName(structure.subject),
  }
  const cn = commonNames.at(-1)
  if (cn) summary.commonName = escapeForDisplay(cn.value)
  return summary
}
