import {formatDate} from '../dates.js'
import type {PreflightReport} from './preflight-report.js'

/** One file of `certs:inspect FILE... --each`: its report, or the error that stopped it being read. */
export interface InspectEachFile {
  file: string
  /** certs:add would take this file: it was read and no check failed. */
  ok: boolean
  report?: PreflightReport
  error?: {code: string; exit: number; hint?: string; message: string}
}

/** The JSON shape of `certs:inspect --each` (schemas/certs-inspect-each.json). Never holds key material. */
export interface InspectEachResult {
  /** Every file would be accepted. */
  ok: boolean
  /** How many files certs:add would refuse (unreadable ones included). */
  refused: number
  files: InspectEachFile[]
}

/**
 * One line per file, for a CI log over a directory: accepted or refused (and why, in short), the
 * browser verdict, the leaf's names and its expiry. The findings follow on stderr, each naming its file.
 */
export function renderInspectEachLine(entry: InspectEachFile): string {
  if (!entry.report)
    return `${entry.file}: refused: ${entry.error?.message ?? 'unreadable'} (${entry.error?.code ?? 'ERROR'})`
  const {report} = entry
  const errors = report.findings.filter((f) => f.severity === 'error').length
  const status = entry.ok
    ? 'accepted'
    : `refused (${errors} error${errors === 1 ? '' : 's'}: ${report.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .join(', ')})`
  const verdict = report.verdict.accepted ? 'yes' : `no (${report.verdict.reasons.map((r) => r.code).join(', ')})`
  const names = report.leaf.dnsNames.length > 0 ? report.leaf.dnsNames.join(', ') : report.leaf.subject
  return `${entry.file}: ${status}; browser verdict: ${verdict}; ${names}; expires ${formatDate(report.leaf.notAfter)}`
}
