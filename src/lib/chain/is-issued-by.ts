import type {X509Certificate} from 'node:crypto'

import {readCertificateNames} from './der-names.js'

/** Exact DER name match; checkIssued refuses certificates OpenSSL marks invalid (e.g. duplicate extensions). */
function namesChain(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return readCertificateNames(cert.raw).issuer === readCertificateNames(issuer.raw).subject
  } catch {
    return false
  }
}

/**
 * Whether `issuer` issued `cert`: the names chain (OpenSSL's canonical comparison, or exact DER so a
 * certificate with other defects is still placed and then reported) and the signature verifies with
 * the issuer's key. A name alone is not enough: anyone can copy a name.
 */
export function isIssuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return (cert.checkIssued(issuer) || namesChain(cert, issuer)) && cert.verify(issuer.publicKey)
  } catch {
    return false
  }
}
