import type {ParsedCertificate} from '../x509/types.js'

/** `chain.pem: certificate 2 (/C=US/O=Example/CN=Example CA)`: how findings name a certificate. */
export function describeCertificate(cert: ParsedCertificate): string {
  return `${cert.source}: certificate ${cert.index + 1} (${cert.summary.subject || cert.summary.fingerprint256})`
}
