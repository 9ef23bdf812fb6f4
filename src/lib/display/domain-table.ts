import type {Domain} from '../../platform/models.js'
import {describeHostname} from '../cert/display-text.js'
import {cliCommand} from '../cli-command.js'
import {dnsRecordType} from './association-report.js'
import {renderTextTable} from './text-table.js'

/** Heroku's `domains` view: the platform domain, then the custom domains table. */
export function renderDomainList(app: string, domains: Domain[]): string {
  const platformDomains = domains.filter((d) => d.kind === 'heroku')
  const custom = domains.filter((d) => d.kind === 'custom')
  const parts: string[] = []
  if (platformDomains.length > 0) parts.push(`=== ${app} Heroku Domain\n\n${platformDomains.map((d) => d.hostname).join('\n')}\n`)
  if (custom.length === 0) {
    parts.push(`${app} has no custom domains.\nUse \`${cliCommand('domains:add', 'HOSTNAME', '--app', app)}\` to add one.`)
    return parts.join('\n')
  }

  const rows = custom.map((d) => [describeHostname(d.hostname), dnsRecordType(d.hostname), d.cname ?? '', d.sniEndpoint?.name ?? ''])
  parts.push(`=== ${app} Custom Domains\n\n${renderTextTable(['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'], rows)}`)
  return parts.join('\n')
}

/** `domains:info`: Heroku's styled object of a domain, null fields left out. */
export function renderDomainInfo(domain: Domain): Array<[string, string | undefined]> {
  return [
    ['Acm Status', domain.acmStatus ?? undefined],
    ['App', domain.app.name],
    ['Cname', domain.cname ?? undefined],
    ['Created At', domain.createdAt],
    ['Hostname', describeHostname(domain.hostname)],
    ['Id', domain.id],
    ['Kind', domain.kind],
    ['Sni Endpoint', domain.sniEndpoint?.name],
    ['Status', domain.status],
    ['Updated At', domain.updatedAt],
  ]
}
