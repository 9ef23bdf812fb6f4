import {formatKeyType} from '../cert/public-key-info.js'
import type {CertificateSummary, KeyType, TrustVerdict} from '../cert/types.js'
import type {PreflightResult} from '../preflight.js'
import {renderCertificateDetails} from './certificate-details.js'
import {formatDate} from './format-date.js'

/** The JSON shape of `certs:inspect` (stable; see README). Never holds key material. */
export interface PreflightReport {
  ok: boolean
  leaf: CertificateSummary
  chain: CertificateSummary[]
  droppedRoot?: CertificateSummary
  key?: {bits?: number; curve?: string; matches: boolean; spkiSha256: string; type: KeyType}
  trust: TrustVerdict
  findings: PreflightResult['findings']
}

export function toPreflightReport(result: PreflightResult): PreflightReport {
  const report: PreflightReport = {
    chain: result.chain,
    findings: result.findings,
    leaf: result.leaf,
    ok: result.ok,
    trust: result.trust,
  }
  if (result.droppedRoot) report.droppedRoot = result.droppedRoot
  if (result.key) {
    const {info} = result.key
    report.key = {
      matches: info.spkiSha256 === result.leaf.publicKey.spkiSha256,
      spkiSha256: info.spkiSha256,
      type: info.type,
      ...(info.bits === undefined ? {} : {bits: info.bits}),
      ...(info.curve === undefined ? {} : {curve: info.curve}),
    }
  }

  return report
}

const TRUST_LINES: Record<TrustVerdict, string> = {
  'self-signed': 'Trust: self-signed (browsers will warn; fine for staging)',
  trusted: 'Trust: trusted (chains to a root in the trust store)',
  untrusted: 'Trust: untrusted (does not chain to a known root)',
}

/** The human view of a pre-flight: Heroku's details block, then the chain, the key and the trust verdict. */
export function renderPreflightReport(report: PreflightReport): string {
  const {leaf} = report
  const details = renderCertificateDetails({
    caSigned: report.trust === 'trusted',
    certDomains: leaf.dnsNames,
    expiresAt: leaf.notAfter,
    issuer: leaf.issuer,
    startsAt: leaf.notBefore,
    subject: leaf.subject,
  })
  const chain = report.chain.map(
    (c, i) => `  ${i + 1}. ${c.subject} (${formatKeyType(c.publicKey)}, ${c.signatureAlgorithm}, expires ${formatDate(c.notAfter)})`,
  )
  if (report.droppedRoot) chain.push(`  root left out: ${report.droppedRoot.subject}`)
  const lines = [details, '', 'Chain (leaf first):', ...chain]
  if (report.key) {
    const match = report.key.matches ? 'matches the certificate' : 'does NOT match the certificate'
    lines.push(`Private key: ${formatKeyType(report.key)}, ${match} (SPKI SHA-256 ${report.key.spkiSha256})`)
  }

  lines.push(TRUST_LINES[report.trust])
  return lines.join('\n')
}
