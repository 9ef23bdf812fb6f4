import {X509Certificate} from 'node:crypto'
import {rootCertificates} from 'node:tls'

import {readCertificateNames} from './der-names.js'
import {isIssuedBy} from './is-issued-by.js'

interface StoredRoot {
  der: Buffer
  x509?: X509Certificate
}

let index: Map<string, StoredRoot[]> | undefined

/** Node's bundled roots by DER subject, built on first use; each X509Certificate is built only when it is a candidate. */
function systemRootIndex(): Map<string, StoredRoot[]> {
  if (index) return index
  index = new Map()
  for (const pem of rootCertificates) {
    const der = Buffer.from(pem.replaceAll(/-----[^-]+-----|\s/g, ''), 'base64')
    try {
      const {subject} = readCertificateNames(der)
      index.set(subject, [...(index.get(subject) ?? []), {der}])
    } catch {
      // A root Node ships but we cannot read is simply not offered as an anchor.
    }
  }

  return index
}

/** DER of the bundled roots whose subject is exactly this DER Name (hex); reads the store on first use. */
export function systemRootDersNamed(subjectHex: string): Buffer[] {
  return (systemRootIndex().get(subjectHex) ?? []).map((entry) => entry.der)
}

function systemRootsNamed(subjectHex: string): X509Certificate[] {
  const entries = systemRootIndex().get(subjectHex) ?? []
  return entries.map((entry) => (entry.x509 ??= new X509Certificate(entry.der)))
}

function extraRootsNamed(subjectHex: string, extraRoots: X509Certificate[]): X509Certificate[] {
  return extraRoots.filter((root) => readCertificateNames(root.raw).subject === subjectHex)
}

/**
 * The trust anchor (system store or `--ca`) that issued this certificate, verified by name and
 * signature, or undefined.
 */
export function findTrustedIssuer(cert: X509Certificate, extraRoots: X509Certificate[] = []): X509Certificate | undefined {
  const {issuer} = readCertificateNames(cert.raw)
  const candidates = [...extraRootsNamed(issuer, extraRoots), ...systemRootsNamed(issuer)]
  return candidates.find((root) => isIssuedBy(cert, root))
}

/** The trust anchor that is this very certificate (same name and key), or undefined. */
export function findTrustedSelf(cert: X509Certificate, extraRoots: X509Certificate[] = []): X509Certificate | undefined {
  const {subject} = readCertificateNames(cert.raw)
  const candidates = [...extraRootsNamed(subject, extraRoots), ...systemRootsNamed(subject)]
  return candidates.find((root) => root.publicKey.equals(cert.publicKey))
}
