import type {Finding, ParsedCertificate} from '../x509/types.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/** Allowed (staging, private use) but browsers will warn, so say so. */
export function checkSelfSigned(leaf: ParsedCertificate): Finding[] {
  if (!leaf.summary.selfSigned) return []
  return [
    {
      code: 'CERT_SELF_SIGNED',
      hint: 'Fine for staging; for production use a certificate from a public certificate authority.',
      message: `${describeCertificate(leaf)} is self-signed, so browsers will not trust it.`,
      severity: 'warning',
    },
  ]
}
