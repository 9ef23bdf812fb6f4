import assert from 'node:assert/strict'

import type {DomainJson} from '../../../src/lib/display/domain-json.js'
import type {Domain, SniEndpoint} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {
  addWildcardEndpoint,
  readLocalApp,
  storeSnapshot,
  useLocalSni,
  withLocalClient,
} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains:remove', () => {
  const local = useLocalSni('sni-domains-remove-', SECRETS)
  const {sni} = local
  const listStore = (): Promise<{domains: Domain[]; endpoints: SniEndpoint[]}> => readLocalApp(local.home, 'shop')

  beforeEach(() => {})

  it('needs --confirm APP without a terminal (exit 9) and then removes the domain, keeping the certificate', async () => {
    const {endpoint, www} = await withLocalClient(local.home, async (client) => {
      const endpoint = await addWildcardEndpoint(client)
      const www = await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name})
      await client.addDomain('shop', {hostname: 'api.example.com', sniEndpoint: endpoint.name})
      return {endpoint, www}
    })

    const before = storeSnapshot(local.home)
    const [noConfirm, noConfirmJson, wrong, unknown, ...invalid] = await Promise.all([
      sni('domains:remove', 'www.example.com', '--app', 'shop'),
      sni('domains:remove', 'www.example.com', '--app', 'shop', '--json'),
      sni('domains:remove', 'www.example.com', '--app', 'shop', '--confirm', 'other-app', '--json'),
      sni('domains:remove', 'shop.example.com', '--app', 'shop', '--confirm', 'shop', '--json'),
      ...['bad_host!', 'a..b', '../x'].map((h) =>
        sni('domains:remove', h, '--app', 'shop', '--confirm', 'shop', '--json'),
      ),
    ])
    assert.equal(noConfirm.exitCode, 9)
    assert.equal(noConfirm.stdout, '')
    assert.equal(
      oneLine(noConfirm.stderr),
      'Error: domains:remove needs confirmation and there is no terminal to ask; nothing was changed. Try this: Re-run with --confirm shop: `sni domains:remove www.example.com --app shop --confirm shop`',
    )
    assert.deepEqual(
      [parseJsonError(noConfirmJson).exit, parseJsonError(noConfirmJson).code],
      [9, 'CONFIRMATION_REQUIRED'],
    )
    const mismatch = parseJsonError(wrong)
    assert.deepEqual(
      [mismatch.exit, mismatch.code, mismatch.message],
      [9, 'CONFIRMATION_MISMATCH', 'Confirmation other-app did not match shop. Aborted.'],
    )
    const missing = parseJsonError(unknown)
    assert.deepEqual([missing.exit, missing.message], [5, "Couldn't find that domain."])
    for (const run of invalid)
      assert.deepEqual([parseJsonError(run).exit, parseJsonError(run).code], [2, 'INVALID_HOSTNAME'])
    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')

    const [human, json] = await Promise.all([
      sni('domains:remove', 'WWW.example.com', '--app', 'shop', '--confirm', 'shop'),
      sni('domains:remove', 'api.example.com', '--app', 'shop', '--confirm', 'shop', '--json'),
    ])
    assert.equal(human.exitCode, 0, human.stderr)
    assert.equal(human.stdout, '')
    assert.equal(human.stderr, 'Removing www.example.com from shop... done\n')
    assert.equal(json.exitCode, 0, json.stderr)
    const removed = parseJsonOutput<DomainJson>('domains-remove', json.stdout)
    assertSchemaRefusesPrivateKeys('domains-remove', removed)
    assert.deepEqual([removed.hostname, removed.sni_endpoint?.name], ['api.example.com', endpoint.name])

    const store = await listStore()
    assert.deepEqual(store.domains, [])
    assert.deepEqual(
      store.endpoints.map((e) => [e.name, e.domainIds]),
      [[endpoint.name, []]],
      'the certificate stays',
    )
    assert.notEqual(www.cname, null)
  })
})
