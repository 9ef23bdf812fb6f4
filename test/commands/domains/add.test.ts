import assert from 'node:assert/strict'
import {readdirSync} from 'node:fs'

import type {DomainJson} from '../../../src/lib/display/domain-json.js'
import type {Domain} from '../../../src/lib/models.js'
import {readFixture} from '../../helpers/fixtures.js'
import {addWildcardEndpoint, storeSnapshot, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))
const DNS_TARGET = /^[a-z]+-[a-z]+-[0-9a-f]{16}\.herokudns\.localhost$/

describe('domains:add', () => {
  const local = useLocalSni('sni-domains-add-', SECRETS)
  const {sni} = local
  const listDomains = (app: string): Promise<Domain[]> =>
    withLocalClient(local.home, (client) => client.listDomains(app))

  beforeEach(() => {})

  it('refuses invalid hostnames with exit 2 before opening the store', async () => {
    const runs = await Promise.all(
      ['bad_host!', 'a..b', '../x'].map((hostname) => sni('domains:add', hostname, '--app', 'shop', '--json')),
    )
    const problems = [
      'the label "bad_host!" is not letters, digits and inner hyphens',
      'it contains an empty label ("..")',
      'it contains a character reserved in URLs',
    ]
    for (const [i, run] of runs.entries()) {
      const error = parseJsonError(run)
      assert.deepEqual([error.exit, error.code], [2, 'INVALID_HOSTNAME'])
      assert.equal(
        error.message,
        `HOSTNAME "${['bad_host!', 'a..b', '../x'][i]}" is not a valid hostname: ${problems[i]}.`,
      )
    }

    const human = await sni('domains:add', 'a..b', '--app', 'shop')
    assert.equal(human.exitCode, 2)
    assert.equal(human.stdout, '')
    assert.match(
      oneLine(human.stderr),
      /^Error: HOSTNAME "a\.\.b" is not a valid hostname: it contains an empty label \("\.\."\)\. Try this: Give a hostname/,
    )
    assert.deepEqual(readdirSync(local.home), [], 'no store was created')
  })

  it('adds a domain and prints its DNS target; --cert associates a covering certificate; refusals change nothing', async () => {
    const endpoint = await withLocalClient(local.home, (client) => addWildcardEndpoint(client))

    const [human, withCert, idn, created] = await Promise.all([
      sni('domains:add', 'WWW.Example.com.', '--app', 'shop'),
      sni('domains:add', 'api.example.com', '--app', 'shop', '--cert', endpoint.name, '--json'),
      sni('domains:add', 'bücher.example', '--app', 'shop', '--json'),
      sni('domains:add', 'www.example.org', '--app', 'new-app'),
    ])
    const domains = await listDomains('shop')
    const www = domains.find((d) => d.hostname === 'www.example.com')
    assert.ok(www?.cname, 'www.example.com was stored with a DNS target')
    assert.match(www.cname, DNS_TARGET)
    assert.equal(human.exitCode, 0, human.stderr)
    assert.equal(
      human.stdout,
      `Configure your app's DNS provider to point to the DNS Target ${www.cname}.\n    For help, see https://devcenter.heroku.com/articles/custom-domains\n`,
    )
    assert.equal(human.stderr, 'Adding www.example.com to shop... done\n')
    assert.equal(www.sniEndpoint, null)

    assert.equal(withCert.exitCode, 0, withCert.stderr)
    const api = parseJsonOutput<DomainJson>('domains-add', withCert.stdout)
    assertSchemaRefusesPrivateKeys('domains-add', api)
    assert.deepEqual(api.sni_endpoint, {id: endpoint.id, name: endpoint.name})
    assert.deepEqual(
      [api.hostname, api.kind, api.status, api.app.name],
      ['api.example.com', 'custom', 'succeeded', 'shop'],
    )
    assert.match(api.cname ?? '', DNS_TARGET)

    assert.equal(idn.exitCode, 0, idn.stderr)
    assert.equal(parseJsonOutput<DomainJson>('domains-add', idn.stdout).hostname, 'xn--bcher-kva.example')

    assert.equal(created.exitCode, 0, created.stderr)
    assert.equal(
      created.stderr,
      'Adding www.example.org to new-app... done\nCreated app new-app on the local platform.\n',
    )
    const targets = new Set([...domains, ...(await listDomains('new-app'))].map((d) => d.cname))
    assert.equal(targets.size, 4, 'every domain has its own DNS target')

    const before = storeSnapshot(local.home)
    const [community, notCovered, unknownCert, duplicate, elsewhere] = await Promise.all([
      sni('domains:add', 'www.example.community', '--app', 'shop', '--cert', endpoint.name, '--json'),
      sni('domains:add', 'deep.www.example.com', '--app', 'shop', '--cert', endpoint.name),
      sni('domains:add', 'shop.example.com', '--app', 'shop', '--cert', 'nope-12345', '--json'),
      sni('domains:add', 'www.example.com', '--app', 'shop', '--json'),
      sni('domains:add', 'www.example.org', '--app', 'shop', '--json'),
    ])
    const refused = parseJsonError(community)
    assert.deepEqual([refused.exit, refused.code], [3, 'DOMAIN_NOT_COVERED'])
    assert.equal(
      refused.message,
      `Certificate ${endpoint.name} does not cover www.example.community (it covers *.example.com, example.com).`,
    )
    assert.equal(notCovered.exitCode, 3)
    assert.match(
      oneLine(notCovered.stderr),
      new RegExp(`Error: Certificate ${endpoint.name} does not cover deep\\.www\\.example\\.com`),
    )
    const missing = parseJsonError(unknownCert)
    assert.deepEqual(
      [missing.exit, missing.code, missing.message],
      [5, 'not_found', "Couldn't find that SNI endpoint."],
    )
    const again = parseJsonError(duplicate)
    assert.deepEqual([again.exit, again.message], [5, 'Domain www.example.com is already added to app shop.'])
    const taken = parseJsonError(elsewhere)
    assert.deepEqual([taken.exit, taken.message], [5, 'Domain www.example.org is already in use by another app.'])
    assert.equal(storeSnapshot(local.home), before, 'the store is unchanged')
  })
})
