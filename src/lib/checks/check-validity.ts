import type {Finding, ParsedCertificate} from '../cert/types.js'
import {describeCertificate} from './describe-certificate.js'
import {formatUtcMinute} from './format-utc-minute.js'

/** Clocks disagree; a certificate issued a minute ago must not be "not yet valid". */
export const CLOCK_SKEW_MS = 5 * 60 * 1000

const DAY_MS = 24 * 60 * 60 * 1000

/** CA/B Forum maximum validity (SC-081v3) for a certificate issued at `notBefore`, in days. */
export function maxValidityDays(notBefore: Date): number {
  const t = notBefore.getTime()
  if (t >= Date.UTC(2029, 2, 15)) return 47
  if (t >= Date.UTC(2027, 2, 15)) return 100
  if (t >= Date.UTC(2026, 2, 15)) return 200
  return 398
}

export function isExpired(cert: ParsedCertificate, now: Date): boolean {
  return new Date(cert.summary.notAfter).getTime() + CLOCK_SKEW_MS < now.getTime()
}

/** The leaf's validity period: expired, not yet valid, inverted, or longer than browsers accept. */
export function checkValidity(cert: ParsedCertificate, now: Date): Finding[] {
  const name = describeCertificate(cert)
  const notBefore = new Date(cert.summary.notBefore)
  const notAfter = new Date(cert.summary.notAfter)
  const renew = 'Renew the certificate with your certificate authority and use the new one.'
  if (notBefore > notAfter) {
    return [
      {
        code: 'CERT_VALIDITY_INVERTED',
        hint: 'Ask your certificate authority to reissue the certificate.',
        message: `${name} is never valid: it starts ${formatUtcMinute(notBefore)}, after it ends ${formatUtcMinute(notAfter)}.`,
        severity: 'error',
      },
    ]
  }

  const findings: Finding[] = []
  if (isExpired(cert, now)) {
    findings.push({code: 'CERT_EXPIRED', hint: renew, message: `${name} expired on ${formatUtcMinute(notAfter)}.`, severity: 'error'})
  }

  if (notBefore.getTime() - CLOCK_SKEW_MS > now.getTime()) {
    findings.push({
      code: 'CERT_NOT_YET_VALID',
      hint: 'Wait until then, or check this computer\'s clock.',
      message: `${name} is not valid until ${formatUtcMinute(notBefore)}.`,
      severity: 'error',
    })
  }

  const days = (notAfter.getTime() - notBefore.getTime()) / DAY_MS
  const limit = maxValidityDays(notBefore)
  if (days > limit) {
    findings.push({
      code: 'CERT_VALIDITY_TOO_LONG',
      hint: 'Browsers may reject it; renew with a shorter validity period.',
      message: `${name} is valid for ${Math.floor(days)} days, longer than the ${limit} days publicly trusted certificates issued then may have.`,
      severity: 'warning',
    })
  }

  return findings
}
