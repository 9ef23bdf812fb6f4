import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {DomainsClearResult} from '../../../src/commands/domains/clear.js'
import {FakeHerokuApi} from '../../helpers/fake-heroku-api.js'
import {readFixture} from '../../helpers/fixtures.js'
import {addWildcardEndpoint, storeSnapshot, useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine, runSni} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

describe('domains:clear', () => {
  const local = useLocalSni('sni-domains-clear-', SECRETS)
  const {sni} = local

  it('needs --confirm APP without a terminal (exit 9, nothing changed), then removes every custom domain and keeps the certificates', async () => {
    await withLocalClient(local.home, async (client) => {
      const endpoint = await addWildcardEndpoint(client)
      for (const hostname of ['www.example.com', 'api.example.com', 'example.com'])
        await client.addDomain('shop', {hostname, sniEndpoint: hostname === 'example.com' ? null : endpoint.name})
    })

    const before = storeSnapshot(local.home)
    const [noConfirm, wrong] = await Promise.all([
      sni('domains:clear', '--app', 'shop'),
      sni('domains:clear', '--app', 'shop', '--confirm', 'other', '--json'),
    ])
    assert.equal(noConfirm.exitCode, 9)
    assert.equal(
      oneLine(noConfirm.stderr),
      'Error: domains:clear needs confirmation and there is no terminal to ask; nothing was changed. Try this: Re-run with --confirm shop: `sni domains:clear --app shop --confirm shop`',
    )
    assert.deepEqual([parseJsonError(wrong).exit, parseJsonError(wrong).code], [9, 'CONFIRMATION_MISMATCH'])
    assert.equal(storeSnapshot(local.home), before, 'nothing changed')

    const cleared = await sni('domains:clear', '--app', 'shop', '--confirm', 'shop', '--json')
    assert.equal(cleared.exitCode, 0, cleared.stderr)
    const result = parseJsonOutput<DomainsClearResult>('domains-clear', cleared.stdout)
    assertSchemaRefusesPrivateKeys('domains-clear', result)
    assert.deepEqual(
      result.removed.map((d) => d.hostname),
      ['www.example.com', 'api.example.com', 'example.com'],
    )
    assert.deepEqual(result.failed, [])
    await withLocalClient(local.home, async (client) => {
      assert.deepEqual(await client.listDomains('shop'), [])
      assert.equal((await client.listSniEndpoints('shop')).length, 1, 'the certificate stays')
    })

    const again = await sni('domains:clear', '--app', 'shop')
    assert.equal(again.exitCode, 0, 'nothing to remove needs no confirmation')
    assert.equal(again.stderr, 'shop has no custom domains; nothing to remove.\n')
  })

  describe('on Heroku (fake API)', () => {
    let api: FakeHerokuApi
    let home: string
    beforeEach(async () => {
      api = await FakeHerokuApi.start({pageSize: 2})
      home = mkdtempSync(join(tmpdir(), 'sni-domains-clear-heroku-'))
      for (const hostname of ['a.example.com', 'b.example.com', 'c.example.com']) api.seedDomain('example', hostname)
    })
    afterEach(async () => {
      await api.close()
      rmSync(home, {force: true, recursive: true})
    })

    it("lists every page, DELETEs each custom domain (never the app's own), Heroku's spinner; a failure is exit 6 naming what remains", async () => {
      api.failNext({
        fault: {body: {id: 'invalid_params', message: 'Domain is being updated; try again shortly.'}, status: 422},
        method: 'DELETE',
        path: '/apps/example/domains/b.example.com',
      })
      const run = await runSni(['domains:clear', '--app', 'example', '--confirm', 'example'], {
        env: api.env({HOME: home}),
      })
      assert.equal(run.exitCode, 6, run.stderr)
      assert.equal(run.stderr, 'Removing all domains from example... !\n')
      assert.equal(
        run.stdout,
        'Removed 2 of 3 custom domains; these remain:\n  ✗ b.example.com  Domain is being updated; try again shortly.\nRun it again to retry them: `sni domains:clear --app example --confirm example`\n',
      )
      assert.deepEqual(
        api.requests.map((r) => `${r.method} ${r.path}`),
        [
          'GET /apps/example/domains',
          'GET /apps/example/domains',
          'DELETE /apps/example/domains/a.example.com',
          'DELETE /apps/example/domains/b.example.com',
          'DELETE /apps/example/domains/c.example.com',
        ],
      )
      assert.deepEqual(
        api.snapshot('example').domains.map((d) => d.hostname),
        ['example.herokuapp.com', 'b.example.com'],
      )
      const retry = await runSni(['domains:clear', '--app', 'example', '--confirm', 'example'], {
        env: api.env({HOME: home}),
      })
      assert.equal(retry.exitCode, 0, retry.stderr)
      assert.equal(retry.stderr, 'Removing all domains from example... done\n')
      assert.equal(retry.stdout, '')
    })
  })
})
