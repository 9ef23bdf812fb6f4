import {describeHostname} from '../cert/display-text.js'
import type {Verdict} from '../cert/types.js'
import type {PathValidation} from './validate-path.js'

export interface VerdictContext {
  at: Date
  /** The `--hostname` names: A-labels and IP addresses (RFC 5952 text). */
  hostnames: string[]
}

/** Turns a path validation into the verdict shown to users and scripts. */
export function describeVerdict(validation: PathValidation, context: VerdictContext): Verdict {
  const verdict: Verdict = {accepted: validation.accepted, at: context.at.toISOString(), hostnames: context.hostnames, reasons: []}
  if (validation.accepted && validation.anchor) {
    const {anchor, path} = validation
    const where = anchor.source === 'ca' ? 'given with --ca' : 'in the bundled root store'
    const intermediates = Math.max(0, path.length - 2)
    const via = path.length === 1 ? 'is itself a trust anchor' : `chains${intermediates > 0 ? ` through ${intermediates} intermediate${intermediates === 1 ? '' : 's'}` : ''} to ${anchor.cert.summary.subject} (${where})`
    const names = context.hostnames.length > 0 ? `the leaf covers ${context.hostnames.map((h) => describeHostname(h)).join(', ')}` : 'no --hostname was given, so no name was checked'
    verdict.reasons.push({code: 'PATH_VALID', message: `it ${via}, every signature verifies, every certificate is valid at that time and meets the rules clients enforce, and ${names}.`})
    return verdict
  }

  if (validation.untrusted) verdict.reasons.push({code: validation.untrusted.code, message: validation.untrusted.message})
  for (const problem of validation.problems) {
    if (problem.rejects) verdict.reasons.push({code: problem.finding.code, message: problem.finding.message})
  }

  return verdict
}
