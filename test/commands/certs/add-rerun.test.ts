// certs:add run again, on the local platform: after a success, with more domains, after a SIGKILL
// between "endpoint created" and "domains associated", and with --allow-duplicate.
import assert from 'node:assert/strict'

import type {CertsAddResult} from '../../../src/commands/certs/add.js'
import type {Domain, SniEndpoint} from '../../../src/lib/models.js'
import {readFixture, fixturesDir} from '../../helpers/fixtures.js'
import {parseJsonOutput} from '../../helpers/json-schema.js'
import {readLocalApp, seedLocalDomains, storeSnapshot, useLocalSni} from '../../helpers/local-store.js'
import {killPtyRuns, runSniInPty} from '../../helpers/pty.js'
import {oneLine} from '../../helpers/run-sni.js'

const SECRETS = ['leaf-rsa2048.key', 'wildcard.key'].map((name) => readFixture(name).toString('utf8'))
const ADD = ['certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'shop']

describe('certs:add, run again (local platform)', function () {
  this.timeout(120_000)
  const local = useLocalSni('sni-certs-add-rerun-', SECRETS)
  const {sni} = local
  afterEach(() => killPtyRuns())

  const seedDomains = (hostnames: string[]): Promise<Map<string, Domain>> =>
    seedLocalDomains(local.home, 'shop', hostnames)
  const listStore = (): Promise<{domains: Domain[]; endpoints: SniEndpoint[]}> => readLocalApp(local.home, 'shop')

  function associations(domains: Domain[]): Record<string, string | null> {
    return Object.fromEntries(domains.map((d) => [d.hostname, d.sniEndpoint?.name ?? null]))
  }

  it('after a success: reuses the endpoint (created: false), associates the domains, exit 0; one endpoint', async () => {
    await seedDomains(['www.example.com', 'example.com'])
    const first = await sni(...ADD, '--domains', 'www.example.com', '--json')
    assert.equal(first.exitCode, 0, first.stderr)
    const added = parseJsonOutput<CertsAddResult>('certs-add', first.stdout)
    assert.equal(added.created, true)
    const name = added.endpoint?.name ?? ''

    const again = await sni(...ADD, '--domains', 'www.example.com', '--json')
    assert.equal(again.exitCode, 0, again.stderr)
    const reused = parseJsonOutput<CertsAddResult>('certs-add', again.stdout)
    assert.equal(reused.created, false)
    assert.equal(reused.endpoint?.name, name)
    assert.deepEqual(
      reused.associations.map((a) => [a.hostname, a.ok]),
      [['www.example.com', true]],
    )

    // A third run, in human form, with every matching domain: the one not yet associated is added.
    const third = await sni(...ADD, '--all-matching')
    assert.equal(third.exitCode, 0, third.stderr)
    assert.match(
      third.stderr,
      new RegExp(
        `^shop already has this certificate as ${name}; reusing it \\(--allow-duplicate adds another endpoint\\)\\.$`,
        'm',
      ),
    )
    assert.doesNotMatch(third.stderr, /Adding SSL certificate/)
    assert.match(third.stdout, /Domains now using this certificate:\n {2}✓ www\.example\.com .*\n {2}✓ example\.com /)
    const {domains, endpoints} = await listStore()
    assert.deepEqual(
      endpoints.map((e) => e.name),
      [name],
    )
    assert.deepEqual(associations(domains), {'example.com': name, 'www.example.com': name})
  })

  it('--dry-run says the endpoint would be reused; --allow-duplicate adds a second one', async () => {
    await seedDomains(['www.example.com'])
    const first = await sni(...ADD, '--json')
    const name = parseJsonOutput<CertsAddResult>('certs-add', first.stdout).endpoint?.name
    const before = storeSnapshot(local.home)
    const dryRun = await sni(...ADD, '--domains', 'www.example.com', '--dry-run')
    assert.equal(dryRun.exitCode, 0, dryRun.stderr)
    assert.equal(
      dryRun.stdout,
      `Dry run: the certificate passed every check; shop already has it as ${name}, which would be reused and associated with www.example.com. Nothing was changed.\n`,
    )
    assert.equal(storeSnapshot(local.home), before)

    const duplicate = await sni(...ADD, '--allow-duplicate', '--json')
    assert.equal(duplicate.exitCode, 0, duplicate.stderr)
    const result = parseJsonOutput<CertsAddResult>('certs-add', duplicate.stdout)
    assert.equal(result.created, true)
    assert.notEqual(result.endpoint?.name, name)
    assert.equal((await listStore()).endpoints.length, 2)

    // With two, a re-run reuses the oldest and says so.
    const again = await sni(...ADD)
    assert.equal(again.exitCode, 0, again.stderr)
    assert.match(
      again.stderr,
      new RegExp(
        `reusing it .*\\n2 endpoints hold it \\(${name}, ${result.endpoint?.name}\\); the oldest is reused\\.`,
      ),
    )
    assert.equal((await listStore()).endpoints.length, 2)
  })

  it('a reused endpoint whose chain differs is named in a warning with the certs:update command that replaces it', async () => {
    const leafOnly = await sni(
      'certs:add',
      'leaf-rsa2048.crt',
      'leaf-rsa2048.key',
      '--app',
      'shop',
      '--ca',
      'root-ca.crt',
      '--ca',
      'intermediate-ca.crt',
      '--json',
    )
    assert.equal(leafOnly.exitCode, 0, leafOnly.stderr)
    const name = parseJsonOutput<CertsAddResult>('certs-add', leafOnly.stdout).endpoint?.name ?? ''
    const full = await sni(...ADD)
    assert.equal(full.exitCode, 0, full.stderr)
    assert.match(
      oneLine(full.stderr),
      new RegExp(
        `Warning: the chain of ${name} differs from the one given \\(1 certificate there, 2 here\\); to replace it, run \`sni certs:update chain-in-order\\.pem leaf-rsa2048\\.key --name ${name} --app shop\`\\.`,
      ),
    )
    // The command it prints does it (with --confirm, as a script would).
    const update = await sni(
      'certs:update',
      'chain-in-order.pem',
      'leaf-rsa2048.key',
      '--name',
      name,
      '--app',
      'shop',
      '--confirm',
      'shop',
    )
    assert.equal(update.exitCode, 0, update.stderr)
    const quiet = await sni(...ADD)
    assert.doesNotMatch(quiet.stderr, /differs/)
    assert.equal((await listStore()).endpoints.length, 1)
  })

  it('after a SIGKILL between "endpoint created" and "domains associated": the re-run reuses it and associates; one endpoint', async () => {
    await seedDomains(['www.example.com', 'example.com'])
    // At a terminal, certs:add creates the endpoint, then asks which domains to associate: killed there.
    const pty = runSniInPty(ADD, {cwd: fixturesDir, env: {SNI_HOME: local.home, SNI_PLATFORM: 'local'}})
    await pty.waitFor(/Select domains/)
    process.kill(pty.sniPid(), 'SIGKILL')
    await pty.exited
    const killed = await listStore()
    assert.equal(killed.endpoints.length, 1, 'the endpoint was created before the kill')
    assert.deepEqual(associations(killed.domains), {'example.com': null, 'www.example.com': null})

    const rerun = await sni(...ADD, '--all-matching', '--json')
    assert.equal(rerun.exitCode, 0, rerun.stderr)
    const result = parseJsonOutput<CertsAddResult>('certs-add', rerun.stdout)
    assert.equal(result.created, false)
    const {domains, endpoints} = await listStore()
    assert.deepEqual(
      endpoints.map((e) => e.name),
      [killed.endpoints[0]?.name],
    )
    assert.deepEqual(associations(domains), {'example.com': endpoints[0]?.name, 'www.example.com': endpoints[0]?.name})
  })
})
