import {type AssociationResult, dnsRecordType} from '../domain-association.js'
import {describeHostname} from '../display-text.js'
import {cliCommand, quoteForShell} from '../cli-command.js'

/** Per-domain results after association: what now uses the certificate and where DNS must point, in aligned columns. */
export function renderAssociationReport(results: AssociationResult[], app: string): string {
  if (results.length === 0) return ''
  const width = Math.max(...results.map((r) => describeHostname(r.hostname).length))
  const typeWidth = Math.max(...results.filter((r) => r.ok).map((r) => dnsRecordType(r.hostname).length), 0)
  const lines = ['Domains now using this certificate:']
  for (const r of results) {
    const name = describeHostname(r.hostname).padEnd(width)
    const target = r.cname ?? `(DNS target pending; see \`${cliCommand('domains:info', r.hostname, '--app', app)}\`)`
    if (r.ok) lines.push(`  ✓ ${name}  ${dnsRecordType(r.hostname).padEnd(typeWidth)}  ${target}`)
    else lines.push(`  ✗ ${name}  ${r.error ?? 'failed'}`, `      resume with: ${r.resume ?? ''}`)
  }

  if (results.some((r) => r.ok))
    lines.push("Point each domain's DNS record at its target; until then, browsers do not reach this certificate.")
  return lines.join('\n')
}

/** Beyond this many, the hint summarises instead of printing a command per domain. */
const HINT_LIMIT = 20

/** The exact commands that associate domains later (printed when nothing was chosen). */
export function renderAssociationHint(hostnames: string[], endpointName: string, app: string, bin: string): string {
  if (hostnames.length === 0) return ''
  const shown = hostnames.slice(0, HINT_LIMIT)
  const more = hostnames.length - shown.length
  return [
    'No domain was associated. To serve this certificate, run:',
    ...shown.map((h) => `  ${bin} domains:update ${quoteForShell(h)} --cert ${endpointName} --app ${app}`),
    ...(more > 0
      ? [
          `  ...and ${more} more domain${more === 1 ? '' : 's'}; to associate all of them at once, use certs:add with --all-matching.`,
        ]
      : []),
  ].join('\n')
}
