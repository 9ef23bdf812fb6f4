import type {Domain} from '../models.js'
import {describeHostname} from '../display-text.js'
import {usageError} from '../sni-error.js'
import {dnsRecordType} from '../domain-association.js'

/** One column of the `domains` table: Heroku's header, the API key it shows, and the cell text. */
export interface DomainColumn {
  key: 'acm_status' | 'acm_status_reason' | 'cname' | 'hostname' | 'kind' | 'sni_endpoint'
  header: string
  /** What filters and sorts compare (and CSV prints): the plain value, hostnames as A-labels. */
  value: (domain: Domain) => string
  /** What the table shows; defaults to value. Hostnames get their Unicode form added. */
  display?: (domain: Domain) => string
  /** Only with -x/--extended (or when named in --columns). */
  extended?: boolean
}

/**
 * Heroku's columns, in Heroku's order. `-x` adds the two ACM columns; Heroku heads both `ACM Status`
 * (a header bug), sni heads the second `ACM Status Reason`.
 */
export const DOMAIN_COLUMNS: readonly DomainColumn[] = [
  {display: (d) => describeHostname(d.hostname), header: 'Domain Name', key: 'hostname', value: (d) => d.hostname},
  {header: 'DNS Record Type', key: 'kind', value: (d) => dnsRecordType(d.hostname)},
  {header: 'DNS Target', key: 'cname', value: (d) => d.cname ?? ''},
  {extended: true, header: 'ACM Status', key: 'acm_status', value: (d) => d.acmStatus ?? ''},
  {extended: true, header: 'ACM Status Reason', key: 'acm_status_reason', value: (d) => d.acmStatusReason ?? ''},
  {header: 'SNI Endpoint', key: 'sni_endpoint', value: (d) => d.sniEndpoint?.name ?? ''},
]

const COLUMN_NAMES = DOMAIN_COLUMNS.map((c) => `"${c.header}"`).join(', ')

/** A column by its header (any case, as Heroku's table options take them) or by its API key (`hostname`). */
function findColumn(name: string, flag: string): DomainColumn {
  const wanted = name.trim().toLowerCase()
  const column = DOMAIN_COLUMNS.find((c) => c.header.toLowerCase() === wanted || c.key === wanted)
  if (column) return column
  throw usageError(
    `${flag}: "${name.trim().slice(0, 60)}" is not a column of the domains table.`,
    'COLUMN_UNKNOWN',
    `Use one of ${COLUMN_NAMES} (or its API key, such as hostname or cname).`,
  )
}

/** The columns to show: --columns (in the order given), else Heroku's default set, with -x the ACM ones too. */
export function selectDomainColumns(options: {columns?: string; extended?: boolean}): DomainColumn[] {
  if (options.columns !== undefined) {
    const names = options.columns.split(',').filter((n) => n.trim() !== '')
    if (names.length === 0)
      throw usageError('--columns names no column.', 'COLUMN_UNKNOWN', `Use a comma-separated list of ${COLUMN_NAMES}.`)
    return [...new Set(names.map((n) => findColumn(n, '--columns')))]
  }

  return DOMAIN_COLUMNS.filter((c) => options.extended === true || !c.extended)
}

export interface DomainFilter {
  column: DomainColumn
  value: string
  /** `-COLUMN=VALUE`: keep the rows that do not match. */
  negate: boolean
}

/**
 * `--filter COLUMN=VALUE`, Heroku's "partial string matching": the rows whose COLUMN contains VALUE
 * (case-sensitive, as Heroku's). `-COLUMN=VALUE` keeps the others, as in oclif's table options.
 */
export function parseDomainFilter(filter: string): DomainFilter {
  const at = filter.indexOf('=')
  const name = at === -1 ? filter : filter.slice(0, at)
  const value = at === -1 ? '' : filter.slice(at + 1).trim()
  if (value === '') {
    throw usageError(
      `--filter "${filter.slice(0, 60)}" has no value to match.`,
      'FILTER_INVALID',
      'Use --filter "COLUMN=VALUE", for example --filter "Domain Name=www".',
    )
  }

  const negate = name.trimStart().startsWith('-')
  return {column: findColumn(negate ? name.trimStart().slice(1) : name, '--filter'), negate, value}
}

export function applyDomainFilter(domains: Domain[], filter: DomainFilter): Domain[] {
  return domains.filter((d) => filter.column.value(d).includes(filter.value) !== filter.negate)
}

/** Numbers inside strings compare by value (d2 before d10), as Heroku's natural-orderby sort does. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.toLowerCase().match(/\d+|\D+/g) ?? []
  const pb = b.toLowerCase().match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string
    const y = pb[i] as string
    if (x === y) continue
    const numeric = /^\d/.test(x) && /^\d/.test(y)
    if (numeric) {
      const diff = Number(x) - Number(y)
      if (diff !== 0) return diff
      if (x.length !== y.length) return x.length - y.length
    }

    return x < y ? -1 : 1
  }

  return pa.length - pb.length
}

export interface DomainSortKey {
  column: DomainColumn
  descending: boolean
}

/** `--sort COLUMN[,COLUMN...]`, each ascending or, prefixed with `-`, descending (oclif's table options). */
export function parseDomainSort(sort: string): DomainSortKey[] {
  const keys = sort.split(',').filter((k) => k.trim() !== '')
  if (keys.length === 0)
    throw usageError(
      '--sort names no column.',
      'COLUMN_UNKNOWN',
      `Use one of ${COLUMN_NAMES}, prefixed with - for descending order.`,
    )
  return keys.map((key) => {
    const descending = key.trimStart().startsWith('-')
    return {column: findColumn(descending ? key.trimStart().slice(1) : key, '--sort'), descending}
  })
}

/** A stable sort: equal rows keep the API's order. Empty cells sort last in either direction. */
export function applyDomainSort(domains: Domain[], keys: DomainSortKey[]): Domain[] {
  return [...domains].sort((a, b) => {
    for (const {column, descending} of keys) {
      const x = column.value(a)
      const y = column.value(b)
      if (x === y) continue
      if (x === '' || y === '') return x === '' ? 1 : -1
      const order = naturalCompare(x, y)
      if (order !== 0) return descending ? -order : order
    }

    return 0
  })
}
