import type {X509Certificate} from 'node:crypto'

import {formatSlashName} from '../x509/certificate-summary.js'
import type {ParsedCertificate, TrustVerdict} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {isIssuedBy} from './is-issued-by.js'
import {findTrustedIssuer, findTrustedSelf} from './root-store.js'

export interface TrustResult {
  verdict: TrustVerdict
  /** The trust anchor's subject in slash form, when trusted. */
  anchor?: string
}

function describeAnchor(root: X509Certificate): string {
  return formatSlashName(parseX509Structure(root.raw, 'trust store').subject)
}

/**
 * Whether clients will trust the chain (leaf first, as buildChain returns it): its top is, or is
 * issued by, a root in Node's bundled store or in `extraRoots`. Every link is re-verified, so a
 * hand-made chain cannot borrow trust. The root store is read only here, and only when called.
 */
export function evaluateTrust(chain: ParsedCertificate[], extraRoots: X509Certificate[] = []): TrustResult {
  const leaf = chain[0]
  if (!leaf) return {verdict: 'untrusted'}
  const linked = chain.every((cert, i) => i === 0 || isIssuedBy((chain[i - 1] as ParsedCertificate).x509, cert.x509))
  const top = (chain.at(-1) as ParsedCertificate).x509
  const anchor = linked ? (findTrustedSelf(top, extraRoots) ?? findTrustedIssuer(top, extraRoots)) : undefined
  if (anchor) return {anchor: describeAnchor(anchor), verdict: 'trusted'}
  if (leaf.summary.selfSigned) return {verdict: 'self-signed'}
  return {verdict: 'untrusted'}
}
