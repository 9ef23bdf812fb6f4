import {readDerHeader} from '../x509/der-reader.js'

/**
 * Reads the issuer and subject Name fields out of a DER certificate with a minimal TLV walk. It
 * exists so that the system root store can be indexed by subject without building an
 * X509Certificate for each of its ~140 roots (which costs ~17 ms on every run that needs trust).
 */

export interface CertificateNames {
  /** Hex of the DER issuer Name. */
  issuer: string
  /** Hex of the DER subject Name. */
  subject: string
}

/** Issuer and subject of a DER certificate as hex strings, for exact name comparison (RFC 5280 binary match). */
export function readCertificateNames(der: Buffer): CertificateNames {
  const tbs = readDerHeader(der, readDerHeader(der, 0).body)
  let field = readDerHeader(der, tbs.body)
  if (der[field.start] === 0xa0) field = readDerHeader(der, field.end) // optional [0] version
  const signature = readDerHeader(der, field.end) // field is the serial number
  const issuer = readDerHeader(der, signature.end)
  const validity = readDerHeader(der, issuer.end)
  const subject = readDerHeader(der, validity.end)
  return {
    issuer: der.subarray(issuer.start, issuer.end).toString('hex'),
    subject: der.subarray(subject.start, subject.end).toString('hex'),
  }
}
