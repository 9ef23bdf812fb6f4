import {createPrivateKey, type KeyObject, randomUUID} from 'node:crypto'

import {parseCertificateDer} from '../../lib/x509/parse-certificate.js'
import {formatKeyType} from '../../lib/x509/public-key-info.js'
import {evaluateTrust} from '../../lib/chain/evaluate-trust.js'
import type {ParsedCertificate} from '../../lib/x509/types.js'
import {SniError, refusedError} from '../../lib/sni-error.js'
import type {SslCert} from '../../lib/models.js'
import type {CertificateInput} from '../platform-client.js'

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g
const SOURCE = 'certificate chain'
const HINT = 'Send the certificate chain as PEM blocks, leaf first, and try again.'

function parseChain(chainPem: string): ParsedCertificate[] {
  // A private key never goes into the public chain field: every read of the endpoint would return it.
  if (chainPem.includes('PRIVATE KEY')) {
    throw refusedError(
      'The certificate chain contains a private key block.',
      'unprocessable_entity',
      'Send the key only as the private key.',
    )
  }

  const blocks = [...chainPem.matchAll(CERTIFICATE_BLOCK)]
  if (blocks.length === 0)
    throw refusedError('The certificate chain holds no certificate.', 'unprocessable_entity', HINT)
  try {
    return blocks.map((block, index) => parseCertificateDer(Buffer.from(block[1] ?? '', 'base64'), SOURCE, index))
  } catch (error) {
    if (error instanceof SniError) throw refusedError(error.message, 'unprocessable_entity', HINT)
    throw error
  }
}

function readPrivateKey(input: CertificateInput): KeyObject {
  try {
    return createPrivateKey(input.privateKey.reveal())
  } catch {
    // OpenSSL's message is not passed on: it never holds key bytes today, but nothing promises that.
    throw refusedError(
      'The private key cannot be read.',
      'unprocessable_entity',
      'Send an unencrypted PEM private key.',
    )
  }
}

/**
 * What the local platform does on upload: refuses what Heroku would refuse (no certificate, key that
 * does not match the leaf) and computes the stored `ssl_cert` details with our own library.
 */
export function acceptCertificateInput(input: CertificateInput): SslCert {
  const chain = parseChain(input.certificateChain)
  const leaf = chain[0] as ParsedCertificate
  const key = readPrivateKey(input)
  if (!leaf.x509.checkPrivateKey(key)) {
    throw refusedError(
      'The private key does not match the certificate.',
      'unprocessable_entity',
      'Send the key the certificate was issued for.',
    )
  }

  const summary = leaf.summary
  return {
    acm: false,
    // Heroku's `ca_signed?`: the chain leads to a root in Node's bundled store.
    caSigned: evaluateTrust(chain).verdict === 'trusted',
    certDomains: summary.dnsNames,
    expiresAt: summary.notAfter,
    fingerprint256: summary.fingerprint256,
    // Heroku gives every uploaded certificate its own id; so does the local platform.
    id: randomUUID(),
    issuer: summary.issuer,
    keyType: formatKeyType(summary.publicKey),
    selfSigned: summary.selfSigned,
    startsAt: summary.notBefore,
    subject: summary.subject,
  }
}
