import assert from 'node:assert/strict'

import {SecretPem} from '../../../src/lib/cert/secret-pem.js'
import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import type {Domain} from '../../../src/platform/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {herokuTable} from '../../helpers/heroku-format.js'
import {useLocalSni} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains', () => {
  const local = useLocalSni('sni-domains-index-', SECRETS)
  const {sni} = local

  it('lists the custom domains with record type, DNS target and SNI endpoint; says when there are none', async () => {
    const client = openLocalPlatformClient({home: local.home})
    const added: Domain[] = []
    let endpointName: string
    try {
      const endpoint = await client.createSniEndpoint('shop', {
        certificateChain: readFixture('chain-wildcard.pem').toString('utf8'),
        privateKey: new SecretPem(readFixture('wildcard.key').toString('utf8')),
      })
      endpointName = endpoint.name
      added.push(
        await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null}),
        await client.addDomain('shop', {hostname: '*.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'xn--bcher-kva.example', sniEndpoint: null}),
      )
      // An app with a certificate but no domain.
      await client.createSniEndpoint('bare', {
        certificateChain: readFixture('chain-wildcard.pem').toString('utf8'),
        privateKey: new SecretPem(readFixture('wildcard.key').toString('utf8')),
      })
    } finally {
      client.close()
    }

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
    const listed = parseJsonOutput<Domain[]>('domains', json.stdout)
    assertSchemaRefusesPrivateKeys('domains', listed)
    assert.deepEqual(listed, added)

    assert.equal(empty.exitCode, 0, empty.stderr)
    assert.equal(empty.stdout, 'bare has no custom domains.\nUse `sni domains:add HOSTNAME --app bare` to add one.\n')
    assert.deepEqual(parseJsonOutput('domains', emptyJson.stdout), [])

    assert.equal(unknown.exitCode, 5)
    assert.match(oneLine(unknown.stderr), /^Error: Couldn't find that app\./)
    const error = parseJsonError(await sni('domains', '--app', '-bad', '--json'))
    assert.equal(error.exit, 2)
  })
})
