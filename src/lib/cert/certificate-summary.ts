import type {X509Certificate} from 'node:crypto'

import {escapeForDisplay} from './display-text.js'
import {describePublicKey} from './public-key-info.js'
import type {CertificateSummary} from './types.js'
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

/** Builds the display and storage summary of a certificate that Node parsed and whose structure we read. */
export function summarizeCertificate(x509: X509Certificate, structure: X509Structure): CertificateSummary {
  const commonNames = structure.subject.filter((a) => a.shortName === 'CN')
  const selfIssued = structure.issuerDer === structure.subjectDer
  const summary: CertificateSummary = {
    dnsNames: structure.dnsNames.map((n) => escapeForDisplay(n)),
    fingerprint256: x509.fingerprint256,
    ipAddresses: structure.ipAddresses,
    isCA: x509.ca,
    issuer: formatSlashName(structure.issuer),
    notAfter: new Date(x509.validTo).toISOString(),
    notBefore: new Date(x509.validFrom).toISOString(),
    publicKey: describePublicKey(x509.publicKey),
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
