import {formatDate} from '../dates.js'
import {formatTarget} from '../tls-check/connect-target.js'
import type {CheckResult, TlsCheckReport} from '../tls-check/types.js'

function mark(check: CheckResult): string {
  if (check.skipped) return '-'
  if (check.ok) return '✓'
  return check.severity === 'error' ? '✗' : '!'
}

/** The checks that failed with severity error, in report order. */
export function failedChecks(report: TlsCheckReport): CheckResult[] {
  return report.checks.filter((c) => !c.ok && c.severity === 'error')
}

/**
 * The human view of certs:check: where it connected, protocol and cipher, the served chain, then
 * one line per check (✓ passed, ✗ failed, ! warning, - skipped).
 */
export function renderTlsCheckReport(report: TlsCheckReport): string {
  const lines = [`Checked ${report.hostname} at ${formatTarget(report.target)}`]
  if (report.protocol !== null) lines.push(`Protocol: ${report.protocol}`, `Cipher:   ${report.cipher ?? 'unknown'}`)
  if (report.chain.length > 0) {
    lines.push('', 'Served chain (as sent):')
    for (const [i, cert] of report.chain.entries()) {
      lines.push(
        `  ${i + 1}. ${cert.subject}`,
        `     issuer:  ${cert.issuer}`,
        `     expires: ${formatDate(cert.notAfter)}`,
      )
    }
  }

  const width = Math.max(...report.checks.map((c) => c.name.length))
  lines.push('', 'Checks:')
  for (const check of report.checks) lines.push(`  ${mark(check)} ${check.name.padEnd(width)}  ${check.detail}`)
  return lines.join('\n')
}

/** One stderr line naming every failed check, or undefined when none failed. */
export function renderFailureSummary(report: TlsCheckReport): string | undefined {
  const failed = failedChecks(report)
  if (failed.length === 0) return undefined
  return `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.name).join(', ')}.`
}
