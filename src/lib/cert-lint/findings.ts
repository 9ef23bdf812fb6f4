import type {Finding} from '../x509/types.js'

/** `Error: message (CODE)` plus an indented hint: one finding as shown on stderr. */
export function renderFinding(finding: Finding): string {
  const label = finding.severity === 'error' ? 'Error' : 'Warning'
  const hint = finding.hint ? `\n  ${finding.hint}` : ''
  return `${label}: ${finding.message} (${finding.code})${hint}`
}

export function renderFindings(findings: Finding[]): string {
  return findings.map((f) => renderFinding(f)).join('\n')
}

export function countErrors(findings: Finding[]): number {
  return findings.filter((f) => f.severity === 'error').length
}
