import {formatKeyType} from '../x509/public-key-info.js'
import type {CertificateSummary, TrustVerdict} from '../x509/types.js'
import type {SslCert} from '../models.js'

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
