import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {DomainJson} from '../../../src/lib/display/domain-json.js'
import {FakeHerokuApi} from '../../helpers/fake-heroku-api.js'
import {useLocalSni, withLocalClient} from '../../helpers/local-store.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {oneLine, runSni, type SniRun} from '../../helpers/run-sni.js'

describe('domains:wait and domains:add --wait', () => {
  describe('on Heroku (fake API, 100 ms polls)', () => {
    let api: FakeHerokuApi
    let home: string
    beforeEach(async () => {
      api = await FakeHerokuApi.start({statusPendingReads: 2})
      home = mkdtempSync(join(tmpdir(), 'sni-domains-wait-'))
    })
    afterEach(async () => {
      await api.close()
      rmSync(home, {force: true, recursive: true})
    })

    const sni = (args: string[]): Promise<SniRun> =>
      runSni(args, {env: api.env({HOME: home, SNI_POLL_INTERVAL_MS: '100'})})
    const log = (from: number): string[] => api.requests.slice(from).map((r) => `${r.method} ${r.path}`)

    it('waits for one domain, reading it by id, with a progress line per read; then --json gives it as last read', async () => {
      api.seedDomain('example', 'www.example.com', {id: 'd0000000-0000-4000-8000-000000000001', statusPendingReads: 3})
      const run = await sni(['domains:wait', 'www.example.com', '--app', 'example', '--json'])
      assert.equal(run.exitCode, 0, run.stderr)
      assert.equal(
        run.stderr.replaceAll(/after \d+ s/g, 'after N s'),
        'Waiting for www.example.com... pending after N s\nWaiting for www.example.com... pending after N s\nWaiting for www.example.com... done\n',
      )
      const [domain] = parseJsonOutput<DomainJson[]>('domains-wait', run.stdout)
      assertSchemaRefusesPrivateKeys('domains-wait', [domain])
      assert.equal(domain?.status, 'succeeded')
      const byId = 'GET /apps/example/domains/d0000000-0000-4000-8000-000000000001'
      assert.deepEqual(log(0), ['GET /apps/example/domains/www.example.com', byId, byId, byId])
    })

    it('without HOSTNAME waits for every pending domain of the app (one listing); bounded by --timeout (exit 7 naming them)', async () => {
      api.seedDomain('example', 'a.example.com', {statusPendingReads: 2})
      api.seedDomain('example', 'b.example.com')
      api.seedDomain('example', 'c.example.com', {statusPendingReads: 1000})
      const timedOut = await sni(['domains:wait', '--app', 'example', '--timeout', '1'])
      assert.equal(timedOut.exitCode, 7, timedOut.stderr)
      assert.match(
        timedOut.stderr,
        /^Waiting for a\.example\.com\.\.\. pending after \d+ s\nWaiting for a\.example\.com\.\.\. done\nWaiting for c\.example\.com\.\.\. pending after \d+ s\n/,
      )
      assert.match(
        oneLine(timedOut.stderr),
        /Error: Timed out after 1 s waiting for c\.example\.com \(still pending on example\)\. Try this: The platform keeps working on it; check again later with `sni domains:wait c\.example\.com --app example`\.$/,
      )
      assert.equal(log(0)[0], 'GET /apps/example/domains', 'the listing, whose read already counts for a.example.com')
      assert.ok(!log(0).some((r) => r.includes('b.example.com')), 'a domain that is not pending is not read again')
      const json = parseJsonError(
        await sni(['domains:wait', 'c.example.com', '--app', 'example', '--timeout', '0', '--json']),
      )
      assert.deepEqual([json.exit, json.code], [7, 'DOMAIN_WAIT_TIMEOUT'])
    })

    it("domains:add --wait: Heroku's lines, then the wait instead of the enqueued hint; a failed setup is exit 5", async () => {
      const before = api.requests.length
      const run = await sni(['domains:add', 'www.example.com', '--app', 'example', '--wait'])
      assert.equal(run.exitCode, 0, run.stderr)
      const target = api.snapshot('example').domains.find((d) => d.hostname === 'www.example.com')?.cname as string
      assert.equal(
        run.stdout,
        `Configure your app's DNS provider to point to the DNS Target ${target}.\n    For help, see https://devcenter.heroku.com/articles/custom-domains\n`,
      )
      assert.match(
        run.stderr,
        /^Adding www\.example\.com to example\.\.\. done\nWaiting for www\.example\.com\.\.\. pending after \d+ s\nWaiting for www\.example\.com\.\.\. pending after \d+ s\nWaiting for www\.example\.com\.\.\. done\n$/,
      )
      const id = api.snapshot('example').domains.find((d) => d.hostname === 'www.example.com')?.id as string
      const read = `GET /apps/example/domains/${id}`
      assert.deepEqual(log(before), ['POST /apps/example/domains', read, read, read])

      const enqueued = await sni(['domains:add', 'api.example.com', '--app', 'example'])
      assert.match(
        enqueued.stdout,
        /\n\nThe domain api\.example\.com has been enqueued for addition\nRun `sni domains:wait api\.example\.com --app example` to wait for completion\n$/,
      )

      api.seedDomain('example', 'bad.example.com', {finalStatus: 'failed', statusPendingReads: 1})
      const failed = parseJsonError(await sni(['domains:wait', 'bad.example.com', '--app', 'example', '--json']))
      assert.deepEqual(
        [failed.exit, failed.code, failed.message],
        [5, 'DOMAIN_FAILED', 'The domain creation finished with status failed.'],
      )
      assert.deepEqual(
        failed.details,
        {domainStatus: 'failed', hostname: 'bad.example.com'},
        "the domain's status, not an HTTP status (details.status)",
      )
    })
  })

  describe('on the local platform', () => {
    const local = useLocalSni('sni-domains-wait-local-', [])
    it('domains are set up at once: the wait ends at the first read', async () => {
      await withLocalClient(local.home, async (client) => {
        await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
      })

      const [one, all] = await Promise.all([
        local.sni('domains:wait', 'www.example.com', '--app', 'shop'),
        local.sni('domains:wait', '--app', 'shop', '--json'),
      ])
      assert.equal(one.exitCode, 0, one.stderr)
      assert.equal(one.stderr, 'Waiting for www.example.com... done\n')
      assert.deepEqual(parseJsonOutput('domains-wait', all.stdout), [])
    })
  })
})
