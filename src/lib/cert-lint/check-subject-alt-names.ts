import {decodeCertificateExtensions, GeneralNameKind} from '../x509/certificate-extensions.js'
import {escapeForDisplay} from '../display-text.js'
import type {Finding, ParsedCertificate} from '../x509/types.js'
import {parseX509Structure} from '../x509/x509-structure.js'
import {formatIpAddress} from '../hostname/ip-address.js'
import {isLdhName} from '../hostname/ldh-label.js'
import {describeWildcardProblem, isPublicSuffix} from '../hostname/match-hostname.js'
import {describeCertificate} from '../x509/parse-certificate.js'

/** Only these characters can appear in a dNSName (wildcard `*` is judged separately). */
const DNS_CHARACTERS = /^[a-z0-9.*-]+$/i

function invalidName(cert: ParsedCertificate, shown: string, why: string): Finding {
  return {
    code: 'SAN_INVALID_NAME',
    hint: 'Ask your certificate authority to reissue the certificate; clients reject names like this.',
    message: `${describeCertificate(cert)} lists "${shown}" in subjectAltName, which is not a valid ${why}.`,
    severity: 'error',
  }
}

function checkDnsName(cert: ParsedCertificate, name: string): Finding[] {
  const shown = escapeForDisplay(name)
  if (!DNS_CHARACTERS.test(name) || (!name.includes('*') && !isLdhName(name))) {
    return [invalidName(cert, shown, 'hostname (only letters, digits, hyphens and dots are allowed)')]
  }

  // 8.8.8.8 as a dNSName: an IP address belongs in an iPAddress entry (RFC 5280 §4.2.1.6)
  const last = name.slice(name.lastIndexOf('.') + 1)
  if (last !== '' && [...last].every((ch) => ch >= '0' && ch <= '9'))
    return [invalidName(cert, shown, 'hostname (it is an IP address; those go in iPAddress entries)')]
  const problem = describeWildcardProblem(name)
  if (problem !== undefined) {
    return [
      {
        code: 'SAN_WILDCARD_MALFORMED',
        hint: 'Only a whole leftmost "*" label is honoured (*.example.com); this name will match no domain.',
        message: `${describeCertificate(cert)} lists the wildcard "${shown}" in subjectAltName, which matches nothing: ${problem}.`,
        severity: 'warning',
      },
    ]
  }

  const base = name.toLowerCase().replace(/^\*\./, '')
  if (name.startsWith('*.') && isPublicSuffix(base)) {
    return [
      {
        code: 'SAN_WILDCARD_PUBLIC_SUFFIX',
        hint: 'No public CA may issue this and browsers refuse it; list the names under your own domain instead.',
        message: `${describeCertificate(cert)} lists the wildcard "${shown}", which spans every domain registered under the public suffix ${base} (CA/B Forum 3.2.2.6).`,
        severity: 'warning',
      },
    ]
  }

  return []
}

/**
 * The hostnames a certificate covers come from subjectAltName only (RFC 9525: no Common Name
 * fallback). Names are read raw from the DER so that a NUL or control byte is caught, then shown escaped.
 */
export function checkSubjectAltNames(cert: ParsedCertificate): Finding[] {
  const structure = parseX509Structure(cert.der, cert.source)
  const ext = decodeCertificateExtensions(structure)
  const addresses = (ext.subjectAltName?.value ?? []).filter((n) => n.kind === GeneralNameKind.iPAddress)
  const findings = addresses
    .filter((a) => a.value.length !== 4 && a.value.length !== 16)
    .map((a) =>
      invalidName(cert, a.value.toString('hex'), `IP address (${a.value.length} octets; IPv4 has 4, IPv6 16)`),
    )
  // IP-address SANs do not help: platforms attach certificates to domain names.
  if (structure.dnsNames.length === 0) {
    if (ext.malformed.some((m) => m.oid === '2.5.29.17')) return findings // reported as CERT_EXTENSION_MALFORMED
    return [
      ...findings,
      {
        code: 'CERT_NO_SAN',
        hint: 'Have the certificate reissued with your domains in subjectAltName; browsers ignore the Common Name.',
        message: `${describeCertificate(cert)}: the certificate names no hostname in subjectAltName, so it covers no domain.`,
        severity: 'warning',
      },
    ]
  }

  return [...findings, ...structure.dnsNames.flatMap((name) => checkDnsName(cert, name))]
}

/**
 * CA/B Forum 7.1.4.3: a Common Name, when present, is a character-for-character copy of one
 * subjectAltName entry (an IP address in its RFC 5952/3986 text form). Browsers ignore the Common
 * Name (RFC 9525), so this is a warning that does not change the verdict. Not judged without
 * SANs (CERT_NO_SAN says more), nor on a CA certificate (the rule is for subscriber certificates).
 */
export function checkCommonName(cert: ParsedCertificate): Finding[] {
  const structure = parseX509Structure(cert.der, cert.source)
  if (decodeCertificateExtensions(structure).basicConstraints?.value.ca) return []
  const sans = decodeCertificateExtensions(structure).subjectAltName?.value ?? []
  if (sans.length === 0) return []
  const allowed = new Set(
    sans.flatMap((n) => {
      if (n.kind === GeneralNameKind.dNSName) return [n.value.toString('latin1')]
      if (n.kind === GeneralNameKind.iPAddress && (n.value.length === 4 || n.value.length === 16))
        return [formatIpAddress(n.value)]
      return []
    }),
  )
  const strays = structure.subject.filter((a) => a.shortName === 'CN' && !allowed.has(a.value))
  if (strays.length === 0) return []
  return [
    {
      code: 'CERT_COMMON_NAME_NOT_IN_SAN',
      hint: 'Clients ignore the Common Name, so nothing breaks; ask your certificate authority to fix it at the next renewal.',
      message: `${describeCertificate(cert)} has the Common Name "${escapeForDisplay(strays[0]?.value ?? '')}", which is not a character-for-character copy of any subjectAltName entry (CA/B Forum 7.1.4.3).`,
      severity: 'warning',
    },
  ]
}
