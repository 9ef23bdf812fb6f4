import type {Finding, ParsedCertificate} from '../x509/types.js'
import {describeCertificate} from '../x509/parse-certificate.js'

export type ChainRole = 'intermediate' | 'leaf' | 'root'

export interface SignatureAlgorithmOptions {
  role: ChainRole
  /** SHA-1 becomes an error. */
  strict?: boolean
}

/**
 * MD5 and MD2 signatures can be forged (and forge's verify() accepts them), so they are refused
 * anywhere in the chain. SHA-1 is only warned about on the leaf and intermediates: a root's own
 * signature is never checked by clients.
 */
export function checkSignatureAlgorithm(cert: ParsedCertificate, options: SignatureAlgorithmOptions): Finding[] {
  const algorithm = cert.summary.signatureAlgorithm
  const hint = 'Ask your certificate authority to reissue the certificate with a SHA-256 signature.'
  if (/md[25]/i.test(algorithm)) {
    return [
      {
        code: 'CERT_SIGNATURE_INSECURE',
        hint,
        message: `${describeCertificate(cert)} is signed with ${algorithm}, which can be forged.`,
        severity: 'error',
      },
    ]
  }

  if (/sha-?1(?!\d)/i.test(algorithm) && options.role !== 'root') {
    return [
      {
        code: 'CERT_SIGNATURE_SHA1',
        hint,
        message: `${describeCertificate(cert)} is signed with ${algorithm}, which browsers no longer accept.`,
        severity: options.strict ? 'error' : 'warning',
      },
    ]
  }

  return []
}
