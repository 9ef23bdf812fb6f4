import type {Finding, ParsedCertificate} from '../x509/types.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/**
 * A CA certificate as the server certificate usually means the wrong file was given (the
 * intermediate or root). A self-signed one is exempt: `openssl req -x509` marks every certificate
 * it makes CA:TRUE, and such a staging certificate is its own root (CERT_SELF_SIGNED says the rest).
 */
export function checkLeafIsCa(leaf: ParsedCertificate): Finding[] {
  if (!leaf.summary.isCA || leaf.summary.selfSigned) return []
  return [
    {
      code: 'LEAF_IS_CA',
      hint: 'Give the certificate issued for your domain (the leaf) first, not the CA certificate.',
      message: `${describeCertificate(leaf)} is a CA certificate (basicConstraints CA:TRUE), not a server certificate.`,
      severity: 'error',
    },
  ]
}
