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
    return (cert.checkIssued(issuer) || namesChain(cert, issuer)) && verifiesSignature(cert, issuer)
  } catch {
    return false
  }
}

const signatures = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>()

/** Whether `cert`'s signature verifies with `issuer`'s key, remembered per pair (chain ordering and path validation ask twice). */
export function verifiesSignature(cert: X509Certificate, issuer: X509Certificate): boolean {
  let known = signatures.get(cert)
  if (!known) signatures.set(cert, (known = new WeakMap()))
  let ok = known.get(issuer)
  if (ok === undefined) {
    try {
      ok = cert.verify(issuer.publicKey)
    } catch {
      ok = false // a key Node cannot use verifies nothing
    }

    known.set(issuer, ok)
  }

  return ok
}

/** Whether the pair was already verified (path validation counts only new signature checks against its budget). */
export function isSignatureKnown(cert: X509Certificate, issuer: X509Certificate): boolean {
  return signatures.get(cert)?.has(issuer) ?? false
}
