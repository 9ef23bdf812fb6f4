import assert from 'node:assert/strict'

import {type DomainJson, toDomainJson} from '../../../src/lib/display/domain-json.js'
import {readFixture} from '../../helpers/fixtures.js'
import {addWildcardEndpoint, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains:info', () => {
  const local = useLocalSni('sni-domains-info-', SECRETS)
  const {sni} = local

  it("shows a domain as Heroku's styled object, by hostname or id; unknown and invalid names fail", async () => {
    const {apex, www} = await withLocalClient(local.home, async (client) => {
      const endpoint = await addWildcardEndpoint(client)
      const www = await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name})
      const apex = await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null})
      return {apex, www}
    })

    const [human, plain, json, unknown, unknownApp, ...invalid] = await Promise.all([
      sni('domains:info', 'WWW.example.com', '--app', 'shop'),
      sni('domains:info', 'example.com', '--app', 'shop'),
      sni('domains:info', www.id, '--app', 'shop', '--json'),
      sni('domains:info', 'api.example.com', '--app', 'shop', '--json'),
      sni('domains:info', 'www.example.com', '--app', 'no-such-app', '--json'),
      ...['bad_host!', 'a..b', '../x'].map((h) => sni('domains:info', h, '--app', 'shop', '--json')),
    ])
    assert.equal(human.exitCode, 0, human.stderr)
    // Heroku's styled object of the API's Domain: its keys, app by name, sni_endpoint as util.inspect prints it.
    assert.equal(
      human.stdout,
      [
        'app:          shop',
        `cname:        ${www.cname}`,
        `created_at:   ${www.createdAt}`,
        'hostname:     www.example.com',
        `id:           ${www.id}`,
        'kind:         custom',
        `sni_endpoint: id: '${www.sniEndpoint?.id}', name: '${www.sniEndpoint?.name}'`,
        'status:       succeeded',
        `updated_at:   ${www.updatedAt}`,
        '',
      ].join('\n'),
    )
    assert.equal(human.stderr, '')
    assert.equal(plain.exitCode, 0, plain.stderr)
    assert.equal(
      plain.stdout,
      [
        'app:        shop',
        `cname:      ${apex.cname}`,
        `created_at: ${apex.createdAt}`,
        'hostname:   example.com',
        `id:         ${apex.id}`,
        'kind:       custom',
        'status:     succeeded',
        `updated_at: ${apex.updatedAt}`,
        '',
      ].join('\n'),
      'null fields are left out',
    )

    // Domains are named by hostname or, as on Heroku, by id.
    assert.equal(json.exitCode, 0, json.stderr)
    const domain = parseJsonOutput<DomainJson>('domains-info', json.stdout)
    assertSchemaRefusesPrivateKeys('domains-info', domain)
    assert.deepEqual(domain, toDomainJson(www))

    const missing = parseJsonError(unknown)
    assert.deepEqual([missing.exit, missing.code, missing.message], [5, 'not_found', "Couldn't find that domain."])
    assert.equal(parseJsonError(unknownApp).message, "Couldn't find that app.")
    for (const run of invalid) {
      const error = parseJsonError(run)
      assert.deepEqual([error.exit, error.code], [2, 'INVALID_HOSTNAME'])
    }

    const human404 = await sni('domains:info', 'api.example.com', '--app', 'shop')
    assert.equal(human404.exitCode, 5)
    assert.match(
      oneLine(human404.stderr),
      /^Error: Couldn't find that domain\. Error ID: not_found Try this: Check the hostname/,
    )
  })
})
