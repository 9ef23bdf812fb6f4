import assert from 'node:assert/strict'

import {
  applyDomainFilter,
  applyDomainSort,
  naturalCompare,
  parseDomainFilter,
  parseDomainSort,
  selectDomainColumns,
} from '../../../src/lib/display/domain-columns.js'
import type {Domain} from '../../../src/lib/models.js'
import {SniError} from '../../../src/lib/sni-error.js'

function domain(hostname: string, overrides: Partial<Domain> = {}): Domain {
  return {
    acmStatus: null,
    acmStatusReason: null,
    app: {id: 'a', name: 'example'},
    cname: `${hostname.replaceAll('.', '-')}.herokudns.com`,
    createdAt: '2026-01-01T00:00:00Z',
    hostname,
    id: `id-${hostname}`,
    kind: 'custom',
    sniEndpoint: null,
    status: 'succeeded',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

const DOMAINS = [
  domain('www.example.com'),
  domain('example.com'),
  domain('d10.example.com', {sniEndpoint: {id: 'e1', name: 'stegosaurus-1'}}),
  domain('d2.example.com', {cname: null, sniEndpoint: {id: 'e2', name: 'tyrannosaurus-2'}}),
  domain('d1.example.com', {acmStatus: 'failing', acmStatusReason: 'CAA forbids'}),
]
const hosts = (domains: Domain[]): string[] => domains.map((d) => d.hostname)

function usageCode(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    assert.ok(error instanceof SniError)
    assert.equal(error.exit, 2)
    assert.ok(error.hint)
    return error.code
  }

  assert.fail('expected a usage error')
}

describe('domains table options (Heroku semantics)', () => {
  it("selects Heroku's columns; -x adds the two ACM ones; --columns picks and orders by header (any case) or API key", () => {
    assert.deepEqual(
      selectDomainColumns({}).map((c) => c.header),
      ['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'],
    )
    assert.deepEqual(
      selectDomainColumns({extended: true}).map((c) => c.header),
      ['Domain Name', 'DNS Record Type', 'DNS Target', 'ACM Status', 'ACM Status Reason', 'SNI Endpoint'],
    )
    assert.deepEqual(
      selectDomainColumns({columns: 'dns target, Domain Name,acm_status_reason'}).map((c) => c.key),
      ['cname', 'hostname', 'acm_status_reason'],
    )
    assert.equal(
      usageCode(() => selectDomainColumns({columns: 'Domain Name,Nope'})),
      'COLUMN_UNKNOWN',
    )
    assert.equal(
      usageCode(() => selectDomainColumns({columns: ' , '})),
      'COLUMN_UNKNOWN',
    )
  })

  it('filters COLUMN=VALUE by partial string match (case-sensitive, as Heroku), -COLUMN=VALUE keeps the others', () => {
    assert.deepEqual(hosts(applyDomainFilter(DOMAINS, parseDomainFilter('Domain Name=d1'))), [
      'd10.example.com',
      'd1.example.com',
    ])
    assert.deepEqual(hosts(applyDomainFilter(DOMAINS, parseDomainFilter('DNS Record Type=ALIAS'))), ['example.com'])
    assert.deepEqual(
      hosts(applyDomainFilter(DOMAINS, parseDomainFilter('dns record type=alias'))),
      [],
      'values are case-sensitive',
    )
    assert.deepEqual(
      hosts(applyDomainFilter(DOMAINS, parseDomainFilter('SNI Endpoint=saurus'))),
      ['d10.example.com', 'd2.example.com'],
      'by endpoint name (Heroku crashes here)',
    )
    assert.deepEqual(
      hosts(applyDomainFilter(DOMAINS, parseDomainFilter('cname=herokudns'))),
      ['www.example.com', 'example.com', 'd10.example.com', 'd1.example.com'],
      'a null DNS target matches nothing (Heroku crashes)',
    )
    assert.deepEqual(hosts(applyDomainFilter(DOMAINS, parseDomainFilter('-hostname=d'))), [
      'www.example.com',
      'example.com',
    ])
    assert.deepEqual(
      parseDomainFilter('Domain Name = www.example.com=x').value,
      'www.example.com=x',
      'the value is everything after the first =',
    )
    assert.equal(
      usageCode(() => parseDomainFilter('Domain Name')),
      'FILTER_INVALID',
    )
    assert.equal(
      usageCode(() => parseDomainFilter('Domain Name=')),
      'FILTER_INVALID',
    )
    assert.equal(
      usageCode(() => parseDomainFilter('nonsense=x')),
      'COLUMN_UNKNOWN',
      'Heroku silently shows every domain, the platform one included',
    )
  })

  it('sorts in natural order (d2 before d10), -COLUMN descending, several keys, empty cells last, stable', () => {
    assert.deepEqual(hosts(applyDomainSort(DOMAINS, parseDomainSort('Domain Name'))), [
      'd1.example.com',
      'd2.example.com',
      'd10.example.com',
      'example.com',
      'www.example.com',
    ])
    assert.deepEqual(hosts(applyDomainSort(DOMAINS, parseDomainSort('-hostname'))), [
      'www.example.com',
      'example.com',
      'd10.example.com',
      'd2.example.com',
      'd1.example.com',
    ])
    assert.deepEqual(hosts(applyDomainSort(DOMAINS, parseDomainSort('SNI Endpoint'))), [
      'd10.example.com',
      'd2.example.com',
      'www.example.com',
      'example.com',
      'd1.example.com',
    ])
    assert.deepEqual(hosts(applyDomainSort(DOMAINS, parseDomainSort('-SNI Endpoint'))), [
      'd2.example.com',
      'd10.example.com',
      'www.example.com',
      'example.com',
      'd1.example.com',
    ])
    assert.deepEqual(hosts(applyDomainSort(DOMAINS, parseDomainSort('DNS Record Type,-Domain Name'))), [
      'example.com',
      'www.example.com',
      'd10.example.com',
      'd2.example.com',
      'd1.example.com',
    ])
    assert.equal(
      usageCode(() => parseDomainSort('-nope')),
      'COLUMN_UNKNOWN',
    )
  })

  it('natural comparison: numbers by value, then text, case-insensitively', () => {
    const sorted = ['d10', 'd2', 'D1', 'd02', 'a', 'd1x'].sort(naturalCompare)
    assert.deepEqual(sorted, ['a', 'D1', 'd1x', 'd2', 'd02', 'd10'])
  })
})
