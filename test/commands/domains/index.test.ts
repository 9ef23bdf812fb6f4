import assert from 'node:assert/strict'

import {type DomainJson, toDomainJson} from '../../../src/lib/display/domain-json.js'
import type {Domain} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {herokuTable} from '../../helpers/heroku-format.js'
import {addWildcardEndpoint, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains', () => {
  const local = useLocalSni('sni-domains-index-', SECRETS)
  const {sni} = local

  it('lists the custom domains with record type, DNS target and SNI endpoint; says when there are none', async () => {
    const added: Domain[] = []
    const {endpointName} = await withLocalClient(local.home, async (client) => {
      const endpoint = await addWildcardEndpoint(client)
      const endpointName = endpoint.name
      added.push(
        await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null}),
        await client.addDomain('shop', {hostname: '*.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'xn--bcher-kva.example', sniEndpoint: null}),
      )
      // An app with a certificate but no domain.
      await addWildcardEndpoint(client, 'bare')
      return {endpointName}
    })

    const [human, json, empty, emptyJson, unknown] = await Promise.all([
      sni('domains', '--app', 'shop'),
      sni('domains', '--app', 'shop', '--json'),
      sni('domains', '--app', 'bare'),
      sni('domains', '--app', 'bare', '--json'),
      sni('domains', '--app', 'no-such-app'),
    ])
    assert.equal(human.exitCode, 0, human.stderr)
    const [www, apex, wildcard, idn] = added as [Domain, Domain, Domain, Domain]
    assert.equal(
      human.stdout,
      `=== shop Custom Domains\n\n${herokuTable(
        ['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'],
        [
          ['www.example.com', 'CNAME', www.cname ?? '', endpointName],
          ['example.com', 'ALIAS or ANAME', apex.cname ?? '', ''],
          ['*.example.com', 'CNAME', wildcard.cname ?? '', endpointName],
          ['xn--bcher-kva.example (bücher.example)', 'ALIAS or ANAME', idn.cname ?? '', ''],
        ],
      )}`,
    )
    assert.equal(human.stderr, '')

    assert.equal(json.exitCode, 0, json.stderr)
    const listed = parseJsonOutput<DomainJson[]>('domains', json.stdout)
    assertSchemaRefusesPrivateKeys('domains', listed)
    assert.deepEqual(
      listed,
      added.map((d) => toDomainJson(d)),
    )
    // The API's snake_case keys, in the API's order, as `heroku domains --json` prints them.
    assert.deepEqual(Object.keys(listed[0] ?? {}), [
      'acm_status',
      'acm_status_reason',
      'app',
      'cname',
      'created_at',
      'hostname',
      'id',
      'kind',
      'sni_endpoint',
      'status',
      'updated_at',
    ])
    assert.deepEqual(listed[0]?.app, {id: www.app.id, name: 'shop'})

    assert.equal(empty.exitCode, 0, empty.stderr)
    assert.equal(empty.stdout, 'bare has no custom domains.\nUse `sni domains:add HOSTNAME --app bare` to add one.\n')
    assert.match(www.app.id ?? '', /^[0-9a-f-]{36}$/)
    assert.deepEqual(parseJsonOutput('domains', emptyJson.stdout), [])

    assert.equal(unknown.exitCode, 5)
    assert.match(oneLine(unknown.stderr), /^Error: Couldn't find that app\./)
    const error = parseJsonError(await sni('domains', '--app', '-bad', '--json'))
    assert.equal(error.exit, 2)
  })

  it("takes Heroku's table options: --csv, --filter, --sort, --columns, -x, --no-wrap, -j; bad ones are usage errors before any read", async () => {
    const {endpointName} = await withLocalClient(local.home, async (client) => {
      const endpointName = (await addWildcardEndpoint(client)).name
      for (const hostname of ['d10.example.com', 'd2.example.com', 'd1.example.com', 'example.com']) {
        await client.addDomain('shop', {hostname, sniEndpoint: hostname.startsWith('d1') ? endpointName : null})
      }
      return {endpointName}
    })

    const [csv, filtered, sorted, columns, extended, short, badFilter, badSort, noWrap] = await Promise.all([
      sni('domains', '--app', 'shop', '--csv', '--sort', 'Domain Name'),
      sni('domains', '--app', 'shop', '--filter', `SNI Endpoint=${endpointName.split('-')[0]}`),
      sni('domains', '--app', 'shop', '-c', '--sort', '-hostname', '--columns', 'hostname'),
      sni(
        'domains',
        '--app',
        'shop',
        '--columns',
        'DNS Target,Domain Name',
        '--filter',
        'Domain Name=d2',
        '--sort',
        'hostname',
        '--no-wrap',
      ),
      sni('domains', '--app', 'shop', '-x', '-c', '--filter', 'hostname=d2'),
      sni('domains', '--app', 'shop', '-j', '--filter', '-DNS Record Type=CNAME'),
      sni('domains', '--app', 'shop', '--filter', 'Domain Name', '--json'),
      sni('domains', '--app', 'no-such-app', '--sort', 'size'),
      sni('domains', '--app', 'shop', '--no-wrap', '--filter', 'hostname=nothing-matches'),
    ])
    assert.equal(csv.exitCode, 0, csv.stderr)
    const cname = (host: string): string =>
      new RegExp(`^${host.replaceAll('.', '\\.')},[^,]+,([^,]+),`, 'm').exec(csv.stdout)?.[1] ?? ''
    assert.equal(
      csv.stdout,
      [
        'Domain Name,DNS Record Type,DNS Target,SNI Endpoint',
        `d1.example.com,CNAME,${cname('d1.example.com')},${endpointName}`,
        `d2.example.com,CNAME,${cname('d2.example.com')},`,
        `d10.example.com,CNAME,${cname('d10.example.com')},${endpointName}`,
        `example.com,ALIAS or ANAME,${cname('example.com')},`,
        '',
      ].join('\n'),
      'only CSV, so `> file.csv` is a valid CSV file; natural order',
    )
    assert.equal(filtered.exitCode, 0, filtered.stderr)
    assert.equal(
      filtered.stdout,
      `=== shop Custom Domains\n\n${herokuTable(
        ['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'],
        [
          ['d10.example.com', 'CNAME', cname('d10.example.com'), endpointName],
          ['d1.example.com', 'CNAME', cname('d1.example.com'), endpointName],
        ],
      )}`,
    )
    assert.equal(sorted.stdout, 'Domain Name\nexample.com\nd10.example.com\nd2.example.com\nd1.example.com\n')
    assert.equal(
      columns.stdout,
      `=== shop Custom Domains\n\n${herokuTable(['DNS Target', 'Domain Name'], [[cname('d2.example.com'), 'd2.example.com']])}`,
    )
    assert.equal(
      extended.stdout,
      `Domain Name,DNS Record Type,DNS Target,ACM Status,ACM Status Reason,SNI Endpoint\nd2.example.com,CNAME,${cname('d2.example.com')},,,\n`,
    )
    assert.equal(short.exitCode, 0, short.stderr)
    assert.deepEqual(
      parseJsonOutput<DomainJson[]>('domains', short.stdout).map((d) => d.hostname),
      ['example.com'],
      '-j is --json; filters apply to JSON too',
    )
    const noValue = parseJsonError(badFilter)
    assert.deepEqual([noValue.exit, noValue.code], [2, 'FILTER_INVALID'])
    assert.equal(badSort.exitCode, 2, 'checked before the app is looked up')
    assert.match(
      oneLine(badSort.stderr),
      /--sort: "size" is not a column of the domains table\. Try this: Use one of "Domain Name", "DNS Record Type"/,
    )
    assert.equal(noWrap.stdout, 'No custom domain of shop matches the filter.\n')
  })

  it('warns as Heroku does above 100 custom domains, with a CSV command that runs as printed; --csv and --json do not', async () => {
    await withLocalClient(local.home, async (client) => {
      for (let i = 0; i < 101; i++) await client.addDomain('big', {hostname: `h${i}.example.org`, sniEndpoint: null})
    })

    const [table, csv, json] = await Promise.all([
      sni('domains', '--app', 'big'),
      sni('domains', '--app', 'big', '--csv'),
      sni('domains', '--app', 'big', '--json'),
    ])
    assert.equal(table.exitCode, 0, table.stderr)
    assert.equal(
      oneLine(table.stderr),
      'Warning: This app has over 100 domains. Your terminal may not be configured to display the total amount of domains. You can export all domains into a CSV file with `sni domains --app big --csv > big-domains.csv`.',
    )
    assert.equal(
      table.stdout.split('\n').filter((l) => l.includes('.example.org')).length,
      101,
      'and prints them all (Heroku asks first, and prints nothing off a terminal)',
    )
    assert.equal(csv.stderr, '')
    assert.equal(csv.stdout.split('\n').length, 103)
    assert.equal(json.stderr, '')
  })
})
