import {X509Certificate} from 'node:crypto'

import {describeKeyShape, formatKeyType} from '../../lib/x509/public-key-info.js'

/** What Heroku's JSON does not carry but the models do: taken from the leaf of `certificate_chain`. */
export interface LeafFacts {
  /** SHA-256 of the leaf DER, upper-case hex with colons (as parseCertificateDer's summary has it). */
  fingerprint256: string
  /** `RSA 2048`, `ECDSA P-256`, ... */
  keyType: string
}

const FIRST_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/

/**
 * The leaf's fingerprint and key type, from the first PEM certificate block of a chain; undefined when
 * the chain is missing or unparsable (the API's view is still shown, just without these two).
 * Uses node:crypto's X509Certificate, the same parser parseCertificateDer starts with, without
 * loading the ASN.1 reader: listings of many endpoints stay cheap.
 */
export function leafFacts(chain: string | null | undefined): LeafFacts | undefined {
  if (typeof chain !== 'string') return undefined
  const match = FIRST_CERTIFICATE.exec(chain)
  if (!match) return undefined
  try {
    const x509 = new X509Certificate(Buffer.from(match[1] ?? '', 'base64'))
    return {fingerprint256: x509.fingerprint256, keyType: formatKeyType(describeKeyShape(x509.publicKey))}
  } catch {
    return undefined
  }
}
