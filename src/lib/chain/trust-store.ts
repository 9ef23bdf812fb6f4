import {parseCertificateDer} from '../cert/parse-certificate.js'
import type {ParsedCertificate} from '../cert/types.js'
import {parseX509Structure} from '../cert/x509-structure.js'
import {systemRootDersNamed} from './root-store.js'

export type AnchorSource = 'ca' | 'system'

/** A trust anchor: a `--ca` certificate, or a root of Node's bundled (Mozilla) store. */
export interface TrustAnchor {
  cert: ParsedCertificate
  source: AnchorSource
}

/**
 * Names compare as RFC 5280 §7.1 allows for path building: exact DER, or the same attributes in the
 * same order with values equal after case folding and whitespace collapsing (PrintableString vs
 * UTF8String encodings of one CA's name).
 */
export function nameKey(der: string, attributes: Array<{oid: string; value: string}>): string {
  if (attributes.length === 0) return `der:${Buffer.from(der, 'latin1').toString('hex')}`
  return attributes.map((a) => `${a.oid}=${a.value.normalize('NFKC').toLowerCase().replaceAll(/\s+/g, ' ').trim()}`).join('/')
}

export function issuerKey(cert: ParsedCertificate): string {
  const s = parseX509Structure(cert.der, cert.source)
  return nameKey(s.issuerDer, s.issuer)
}

export function subjectKey(cert: ParsedCertificate): string {
  const s = parseX509Structure(cert.der, cert.source)
  return nameKey(s.subjectDer, s.subject)
}

/**
 * The anchors path building may end at: the `--ca` certificates (any of them, root or
 * intermediate) and, unless turned off, Node's bundled roots. The bundled store is read only when
 * asked about a name, and a bundled root is parsed only when its name is asked for.
 */
export class TrustStore {
  private readonly extra = new Map<string, ParsedCertificate[]>()
  private readonly system = new Map<string, TrustAnchor[]>()

  constructor(extraAnchors: ParsedCertificate[], private readonly useSystem = true) {
    for (const cert of extraAnchors) {
      const key = subjectKey(cert)
      this.extra.set(key, [...(this.extra.get(key) ?? []), cert])
    }
  }

  /** Anchors whose subject is the issuer name of `cert` (candidates; the signature is checked by the caller). */
  anchorsNamedAsIssuerOf(cert: ParsedCertificate): TrustAnchor[] {
    const extra = (this.extra.get(issuerKey(cert)) ?? []).map((c): TrustAnchor => ({cert: c, source: 'ca'}))
    if (!this.useSystem) return extra
    return [...extra, ...this.systemNamed(Buffer.from(parseX509Structure(cert.der, cert.source).issuerDer, 'latin1').toString('hex'))]
  }

  /** The anchor that is this certificate itself (same name and key), e.g. a self-signed leaf pinned with `--ca`. */
  anchorFor(cert: ParsedCertificate): TrustAnchor | undefined {
    const spki = cert.summary.publicKey.spkiSha256
    const extra = (this.extra.get(subjectKey(cert)) ?? []).find((c) => c.summary.publicKey.spkiSha256 === spki)
    if (extra) return {cert: extra, source: 'ca'}
    if (!this.useSystem) return undefined
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
