import {X509Certificate} from 'node:crypto'

import {parseCertificateDer} from '../x509/parse-certificate.js'
import type {ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {readCertificateNames} from './der-names.js'
import {isIssuedBy} from './is-issued-by.js'

/**
 * Trust anchors: Node's bundled (Mozilla) root store, indexed by subject on first use and parsed
 * only for the names asked about, and the TrustStore that path validation queries (`--ca`
 * certificates first, then the bundled roots unless turned off).
 */

interface StoredRoot {
  der: Buffer
  x509?: X509Certificate
}

let index: Map<string, StoredRoot[]> | undefined

/** Node's bundled roots by DER subject, built on first use; each X509Certificate is built only when it is a candidate. */
function systemRootIndex(): Map<string, StoredRoot[]> {
  if (index) return index
  index = new Map()
  // node:tls loaded here, not at start-up: most runs never consult the system roots.
  for (const pem of process.getBuiltinModule('node:tls').rootCertificates) {
    // the base64 between the armour lines (Node's decoder skips the line breaks); a regex over the
    // ~200 KB of PEM cost several ms on every run that consults the store
    const der = Buffer.from(pem.slice(pem.indexOf('\n'), pem.lastIndexOf('-----END')), 'base64')
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
function systemRootDersNamed(subjectHex: string): Buffer[] {
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
export function findTrustedIssuer(
  cert: X509Certificate,
  extraRoots: X509Certificate[] = [],
): X509Certificate | undefined {
  const {issuer} = readCertificateNames(cert.raw)
  const candidates = [...extraRootsNamed(issuer, extraRoots), ...systemRootsNamed(issuer)]
  return candidates.find((root) => isIssuedBy(cert, root))
}

/** The trust anchor that is this very certificate (same name and key), or undefined. */
export function findTrustedSelf(
  cert: X509Certificate,
  extraRoots: X509Certificate[] = [],
): X509Certificate | undefined {
  const {subject} = readCertificateNames(cert.raw)
  const candidates = [...extraRootsNamed(subject, extraRoots), ...systemRootsNamed(subject)]
  return candidates.find((root) => root.publicKey.equals(cert.publicKey))
}

export type AnchorSource = 'ca' | 'system'

/** A trust anchor: a `--ca` certificate, or a root of Node's bundled (Mozilla) store. */
export interface TrustAnchor {
  cert: ParsedCertificate
  source: AnchorSource
}

/**
 * Names compare as RFC 5280 §7.1 allows for path building: exact DER, or the same attributes in the
 * same order with values equal after case folding and space collapsing (PrintableString vs
 * UTF8String encodings of one CA's name).
 */
/** Case-folded, spaces collapsed (RFC 4518's insignificant-space handling, simplified). */
export function foldName(value: string): string {
  return value
    .toLowerCase()
    .split(' ')
    .filter((part) => part !== '')
    .join(' ')
}

export function nameKey(der: string, attributes: Array<{oid: string; value: string}>): string {
  if (attributes.length === 0) return `der:${Buffer.from(der, 'latin1').toString('hex')}`
  return attributes.map((a) => `${a.oid}=${foldName(a.value)}`).join('/')
}

const nameKeys = new WeakMap<ParsedCertificate, {issuer: string; subject: string}>()

/** The issuer and subject name keys of a certificate, computed once (path building asks for them often). */
function keysOf(cert: ParsedCertificate): {issuer: string; subject: string} {
  let keys = nameKeys.get(cert)
  if (!keys) {
    const s = parseX509Structure(cert.der, cert.source)
    keys = {issuer: nameKey(s.issuerDer, s.issuer), subject: nameKey(s.subjectDer, s.subject)}
    nameKeys.set(cert, keys)
  }

  return keys
}

export function issuerKey(cert: ParsedCertificate): string {
  return keysOf(cert).issuer
}

export function subjectKey(cert: ParsedCertificate): string {
  return keysOf(cert).subject
}

/**
 * The anchors path building may end at: the `--ca` certificates (any of them, root or
 * intermediate) and, unless turned off, Node's bundled roots. The bundled store is read only when
 * asked about a name, and a bundled root is parsed only when its name is asked for.
 */
export class TrustStore {
  private readonly extra = new Map<string, ParsedCertificate[]>()
  private readonly system = new Map<string, TrustAnchor[]>()

  constructor(
    extraAnchors: ParsedCertificate[],
    private readonly useSystem = true,
  ) {
    for (const cert of extraAnchors) {
      const key = subjectKey(cert)
      this.extra.set(key, [...(this.extra.get(key) ?? []), cert])
    }
  }

  /** Anchors whose subject is the issuer name of `cert` (candidates; the signature is checked by the caller). */
  anchorsNamedAsIssuerOf(cert: ParsedCertificate): TrustAnchor[] {
    const extra = (this.extra.get(issuerKey(cert)) ?? []).map((c): TrustAnchor => ({cert: c, source: 'ca'}))
    if (!this.useSystem) return extra
    return [
      ...extra,
      ...this.systemNamed(Buffer.from(parseX509Structure(cert.der, cert.source).issuerDer, 'latin1').toString('hex')),
    ]
  }

  /** The anchor that is this certificate itself (same name and key), e.g. a self-signed leaf pinned with `--ca`. */
  anchorFor(cert: ParsedCertificate): TrustAnchor | undefined {
    const spki = cert.summary.publicKey.spkiSha256
    const extra = (this.extra.get(subjectKey(cert)) ?? []).find((c) => c.summary.publicKey.spkiSha256 === spki)
    if (extra) return {cert: extra, source: 'ca'}
    // a bundled root is self-issued; anything else cannot be one
    if (!this.useSystem || issuerKey(cert) !== subjectKey(cert)) return undefined
    const subjectHex = Buffer.from(parseX509Structure(cert.der, cert.source).subjectDer, 'latin1').toString('hex')
    return this.systemNamed(subjectHex).find((a) => a.cert.summary.publicKey.spkiSha256 === spki)
  }

  private systemNamed(subjectHex: string): TrustAnchor[] {
    let anchors = this.system.get(subjectHex)
    if (!anchors) {
      anchors = []
      for (const der of systemRootDersNamed(subjectHex)) {
        try {
          anchors.push({cert: parseCertificateDer(der, 'bundled root store', anchors.length), source: 'system'})
        } catch {
          // a bundled root we cannot read is simply not offered
        }
      }

      this.system.set(subjectHex, anchors)
    }

    return anchors
  }
}
