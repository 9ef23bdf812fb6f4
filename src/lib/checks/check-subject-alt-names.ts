import {escapeForDisplay} from '../cert/display-text.js'
import type {Finding, ParsedCertificate} from '../cert/types.js'
import {parseX509Structure} from '../cert/x509-structure.js'
import {isLdhName} from '../hostname/ldh-label.js'
import {describeWildcardProblem} from '../hostname/match-hostname.js'
import {describeCertificate} from './describe-certificate.js'

/** Only these characters can appear in a dNSName (wildcard `*` is judged separately). */
const DNS_CHARACTERS = /^[a-z0-9.*-]+$/i

function checkDnsName(cert: ParsedCertificate, name: string): Finding[] {
  const shown = escapeForDisplay(name)
  if (!DNS_CHARACTERS.test(name) || (!name.includes('*') && !isLdhName(name))) {
    return [
      {
        code: 'SAN_INVALID_NAME',
        hint: 'Ask your certificate authority to reissue the certificate; clients reject names like this.',
        message: `${describeCertificate(cert)} lists "${shown}" in subjectAltName, which is not a valid hostname (only letters, digits, hyphens and dots are allowed).`,
        severity: 'error',
      },
    ]
  }

  const problem = describeWildcardProblem(name)
  if (problem === undefined) return []
  return [
    {
      code: 'SAN_WILDCARD_MALFORMED',
      hint: 'Only a whole leftmost "*" label is honoured (*.example.com); this name will match no domain.',
      message: `${describeCertificate(cert)} lists the wildcard "${shown}" in subjectAltName, which matches nothing: ${problem}.`,
      severity: 'warning',
    },
  ]
}

/**
 * The hostnames a certificate covers come from subjectAltName only (RFC 9525: no Common Name
 * fallback). Names are read raw from the DER so that a NUL or control byte is caught, then shown escaped.
 */
export function checkSubjectAltNames(cert: ParsedCertificate): Finding[] {
  const {dnsNames} = parseX509Structure(cert.der, cert.source)
  // IP-address SANs do not help: platforms attach certificates to domain names.
  if (dnsNames.length === 0) {
    return [
      {
        code: 'CERT_NO_SAN',
        hint: 'Have the certificate reissued with your domains in subjectAltName; browsers ignore the Common Name.',
        message: `${describeCertificate(cert)}: the certificate names no hostname in subjectAltName, so it covers no domain.`,
        severity: 'warning',
      },
    ]
  }

  return dnsNames.flatMap((name) => checkDnsName(cert, name))
}
