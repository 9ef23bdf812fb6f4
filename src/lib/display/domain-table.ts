import type {Domain} from '../models.js'
import {escapeForDisplay} from '../display-text.js'
import {quoteForShell} from '../cli-command.js'
import {renderCsv} from './csv-table.js'
import type {DomainColumn} from './domain-columns.js'
import {renderTextTable} from './text-table.js'

export interface DomainListOptions {
  /** The columns to show (selectDomainColumns). */
  columns: DomainColumn[]
  /** The CLI's name in hints: `sni`, or `heroku` inside the heroku CLI. */
  bin: string
  /** Some custom domains were left out by --filter (so "none" means "none matches"). */
  filtered?: boolean
}

/** The custom domains table: Heroku's layout, hostnames with their Unicode form added. */
export function renderDomainTable(domains: Domain[], columns: DomainColumn[]): string {
  return renderTextTable(
    columns.map((c) => c.header),
    domains.map((d) => columns.map((c) => (c.display ?? c.value)(d))),
  )
}

/** `domains --csv`: a header row, then one line per custom domain; nothing else, so it saves as a valid CSV file. */
export function renderDomainCsv(domains: Domain[], columns: DomainColumn[]): string {
  return renderCsv(
    columns.map((c) => c.header),
    domains.map((d) => columns.map((c) => c.value(d))),
  )
}

/**
 * Heroku's `domains` view, byte for byte: `=== APP Heroku Domain`, the platform domain, a blank
 * line, then `=== APP Custom Domains` and the table (`custom`: already filtered and sorted). When there is
 * no custom domain to show, sni adds a line saying so after Heroku's text.
 */
export function renderDomainList(
  app: string,
  platformDomains: Domain[],
  custom: Domain[],
  options: DomainListOptions,
): string {
  const parts: string[] = []
  if (platformDomains.length > 0)
    parts.push(`=== ${app} Heroku Domain\n\n${platformDomains.map((d) => d.hostname).join('\n')}`)
  if (custom.length === 0) {
    parts.push(
      options.filtered
        ? `No custom domain of ${app} matches the filter.`
        : `${app} has no custom domains.\nUse \`${options.bin} domains:add HOSTNAME --app ${quoteForShell(app)}\` to add one.`,
    )
    return parts.join('\n\n')
  }

  parts.push(`=== ${app} Custom Domains\n\n${renderDomainTable(custom, options.columns)}`)
  return parts.join('\n\n\n')
}

/**
 * `domains:info`: Heroku's styled object of the API's Domain, key for key (`app` flattened to its name,
 * null fields left out, `sni_endpoint` as Node's inspect prints the object's inside).
 */
export function renderDomainInfo(domain: Domain): Array<[string, string | undefined]> {
  const endpoint = domain.sniEndpoint
  const entries: Array<[string, string | null | undefined]> = [
    ['acm_status', domain.acmStatus],
    ['acm_status_reason', domain.acmStatusReason],
    ['app', domain.app.name],
    ['cname', domain.cname],
    ['created_at', domain.createdAt],
    ['hostname', domain.hostname],
    ['id', domain.id],
    ['kind', domain.kind],
    [
      'sni_endpoint',
      endpoint ? `id: ${quoteLikeInspect(endpoint.id)}, name: ${quoteLikeInspect(endpoint.name)}` : null,
    ],
    ['status', domain.status],
    ['updated_at', domain.updatedAt],
  ]
  // API text is untrusted: no control character reaches the terminal.
  return entries.map(([key, value]) => [
    key,
    value === null || value === undefined ? undefined : escapeForDisplay(value),
  ])
}

/** A string as util.inspect quotes it: single quotes, unless the text holds one and no double quote (controls are escaped later). */
function quoteLikeInspect(text: string): string {
  if (!text.includes("'")) return `'${text}'`
  if (!text.includes('"')) return `"${text}"`
  return `'${text.replaceAll("'", "\\'")}'`
}
