import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import type {SniEndpointJson} from '../../../src/lib/display/sni-endpoint-json.js'
import {readFixture} from '../../helpers/fixtures.js'
import {herokuDate} from '../../helpers/heroku-format.js'
import {addWildcardEndpoint, chainInput, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
const SECRETS = ['leaf-rsa2048.key', 'wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('certs:info', () => {
  const local = useLocalSni('sni-certs-info-', SECRETS)
  const {sni} = local

  it('shows the details block (with --show-domains, the domains by name in API order), selected by --name, --endpoint or as the only endpoint', async () => {
    const {api, bare, rsa, wildcard} = await withLocalClient(local.home, async (client) => {
      const rsa = await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))
      const wildcard = await addWildcardEndpoint(client)
      await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: rsa.name})
      await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: rsa.name})
      const api = await client.addDomain('shop', {hostname: 'api.example.com', sniEndpoint: wildcard.name})
      await client.addDomain('shop', {hostname: 'spare.example.com', sniEndpoint: null})
      const bare = await addWildcardEndpoint(client, 'bare')
      await client.addDomain('no-certs', {hostname: 'www.example.org', sniEndpoint: null})
      return {api, bare, rsa, wildcard}
    })

    // Details another platform may lack: certs:info must still print the block.
    const db = new Database(join(local.home, 'platform.db'))
    try {
      db.prepare("UPDATE sni_endpoints SET ssl_cert = 'null' WHERE name = ?").run(bare.name)
    } finally {
      db.close()
    }

    const [byName, withDomains, byEndpoint, only] = await Promise.all([
      sni('certs:info', '--app', 'shop', '--name', rsa.name),
      sni('certs:info', '--app', 'shop', '--name', rsa.name, '--show-domains'),
      sni('certs:info', '--app', 'shop', '--endpoint', 'API.example.com', '--show-domains', '--json'),
      sni('certs:info', '--app', 'bare', '--show-domains'),
    ])
    assert.equal(byName.exitCode, 0, byName.stderr)
    const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))
    const block = [
      'Certificate details:',
      `Name:           ${rsa.name}`,
      'Common Name(s): www.example.com',
      '                example.com',
      `Expires At:     ${herokuDate(leaf.validTo)}`,
      'Issuer:         /C=US/O=Fixture Trust/CN=Fixture Intermediate CA',
      `Starts At:      ${herokuDate(leaf.validFrom)}`,
      'Subject:        /C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
    ]
    assert.equal(byName.stdout, [...block, 'SSL certificate is not trusted.', ''].join('\n'))
    assert.equal(byName.stderr, `Fetching SSL certificate ${rsa.name} info for shop... done\n`)
    // Heroku's --show-domains: its spinner, and the domains in the API's order (not sorted as text).
    assert.equal(withDomains.exitCode, 0, withDomains.stderr)
    assert.equal(
      withDomains.stdout,
      [
        ...block,
        'Domain(s):      www.example.com',
        '                example.com',
        'SSL certificate is not trusted.',
        '',
      ].join('\n'),
    )
    assert.equal(
      withDomains.stderr,
      `Fetching SSL certificate ${rsa.name} info for shop... done\nFetching domains for ${rsa.name}... done\n`,
    )

    assert.equal(byEndpoint.exitCode, 0, byEndpoint.stderr)
    const endpoint = parseJsonOutput<SniEndpointJson>('certs-info', byEndpoint.stdout)
    assertSchemaRefusesPrivateKeys('certs-info', endpoint)
    assert.equal(endpoint.name, wildcard.name)
    assert.deepEqual(endpoint.domains, [api.id])
    assert.deepEqual(endpoint.sni.domainHostnames, ['api.example.com'])
    assert.deepEqual(endpoint.ssl_cert?.cert_domains, ['*.example.com', 'example.com'])
    assert.equal(endpoint.certificate_chain, readFixture('chain-wildcard.pem').toString('utf8'))

    assert.equal(only.exitCode, 0, only.stderr)
    assert.equal(
      only.stdout,
      [
        'Certificate details:',
        `Name:           ${bare.name}`,
        'Common Name(s): (none: the certificate has no subjectAltName)',
        'Expires At:     unknown',
        'Issuer:         unknown',
        'Starts At:      unknown',
        'Subject:        unknown',
        'SSL certificate is not trusted.',
        '',
      ].join('\n'),
    )

    const [both, several, unknownName, unknownEndpoint, noCerts, unknownApp] = await Promise.all([
      sni('certs:info', '--app', 'shop', '--name', rsa.name, '--endpoint', 'www.example.com'),
      sni('certs:info', '--app', 'shop'),
      sni('certs:info', '--app', 'shop', '--name', 'nope-12345', '--json'),
      sni('certs:info', '--app', 'shop', '--endpoint', 'spare.example.com', '--json'),
      sni('certs:info', '--app', 'no-certs', '--json'),
      sni('certs:info', '--app', 'no-such-app', '--json'),
    ])
    assert.equal(both.exitCode, 2)
    assert.equal(both.stdout, '')
    assert.match(oneLine(both.stderr), /--endpoint=www\.example\.com cannot also be provided when using --name/)

    assert.equal(several.exitCode, 2)
    assert.equal(several.stdout, '')
    const ordered = [rsa.name, wildcard.name]
    assert.match(
      oneLine(several.stderr),
      new RegExp(
        `Error: Must pass --name when more than one endpoint\\. Try this: Choose one of: ${ordered.join(', ')}\\.`,
      ),
    )

    for (const run of [unknownName, unknownEndpoint]) {
      const error = parseJsonError(run)
      assert.deepEqual([error.exit, error.code, error.message], [5, 'not_found', 'Record not found.'])
      assert.equal(error.hint, "List the app's certificates with `sni certs --app shop`.")
    }

    const none = parseJsonError(noCerts)
    assert.deepEqual([none.exit, none.code, none.message], [5, 'NO_CERTIFICATES', 'no-certs has no SSL certificates.'])
    const app = parseJsonError(unknownApp)
    assert.deepEqual([app.exit, app.message], [5, "Couldn't find that app."])
  })
})
