import {X509Certificate} from 'node:crypto'

import {inputError} from '../sni-error.js'
import {summarizeCertificate} from './certificate-summary.js'
import type {ParsedCertificate} from './types.js'
import {parseX509Structure} from './x509-structure.js'

/**
 * Parses one DER certificate. Node (OpenSSL) decides whether it is a certificate at all; forge's
 * ASN.1 reader, in strict mode, then rejects trailing bytes and extracts names and extensions.
 */
export function parseCertificateDer(der: Buffer, source: string, index: number): ParsedCertificate {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(der)
  } catch {
    throw inputError(
      `${source}: certificate ${index + 1} cannot be parsed.`,
      'CERT_UNPARSABLE',
      'Check that the file is an X.509 certificate in PEM or DER form, not truncated or edited.',
    )
  }

  const structure = parseX509Structure(der, source)
  return {der, index, source, summary: summarizeCertificate(x509, structure), x509}
}

/** `chain.pem: certificate 2 (/C=US/O=Example/CN=Example CA)`: how findings name a certificate. */
export function describeCertificate(cert: ParsedCertificate): string {
  return `${cert.source}: certificate ${cert.index + 1} (${cert.summary.subject || cert.summary.fingerprint256})`
}
