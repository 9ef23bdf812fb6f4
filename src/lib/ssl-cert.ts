import type {SslCert} from './models.js'
import {formatKeyType} from './x509/public-key-info.js'
import type {CertificateSummary, TrustVerdict} from './x509/types.js'

/** What changes when an endpoint's certificate is replaced; shown by `certs:update` before it acts. */
export interface CertificateDiff {
  namesAdded: string[]
  namesRemoved: string[]
  expiresAt: {from?: string; to?: string}
  issuer: {from?: string; to?: string}
  keyType: {from?: string; to?: string}
}

export function diffCertificates(from: SslCert | null, to: SslCert): CertificateDiff {
  const before = new Set(from?.certDomains ?? [])
  const after = new Set(to.certDomains)
  return {
    expiresAt: {from: from?.expiresAt, to: to.expiresAt},
    issuer: {from: from?.issuer, to: to.issuer},
    keyType: {from: from?.keyType, to: to.keyType},
    namesAdded: [...after].filter((n) => !before.has(n)),
    namesRemoved: [...before].filter((n) => !after.has(n)),
  }
}

/** The platform's view of a certificate (Heroku's `ssl_cert`), computed by our own library. */
export function describeSslCert(leaf: CertificateSummary, trust: TrustVerdict): SslCert {
  return {
    acm: false,
    caSigned: trust === 'trusted',
    certDomains: leaf.dnsNames,
    expiresAt: leaf.notAfter,
    fingerprint256: leaf.fingerprint256,
    issuer: leaf.issuer,
    keyType: formatKeyType(leaf.publicKey),
    selfSigned: leaf.selfSigned,
    startsAt: leaf.notBefore,
    subject: leaf.subject,
  }
}
