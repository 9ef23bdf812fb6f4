import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {openLocalPlatformClient} from '../../src/platform/local/local-platform-client.js'
import {FakeDns} from '../helpers/fake-dns.js'
import {parseJsonOutput} from '../helpers/json-schema.js'
import {findPebble, freePort, type Pebble, startPebble} from '../helpers/pebble.js'
import {runSni, type SniRun} from '../helpers/run-sni.js'
import {type RouterProcess, startRouterProcess} from '../router/router-process.js'

// The local platform's ACM for real: Debian's pebble as the CA, a loopback DNS server, and the
// router (which answers the challenges and renews), driven through the CLI as a user would.

const pebble = findPebble()

interface AcmDomainJson {
  hostname: string
  acmStatus: string | null
  acmStatusReason: string | null
  fix: string | null
}

interface AcmStatusJson {
  enabled: boolean
  settings?: {eabKid: string | null}
  certificates: Array<{
    name: string
    renewsAt: string | null
    fingerprint256?: string
    keyType?: string
    sslCert: {acm: boolean; expires_at: string | null}
  }>
  domains: AcmDomainJson[]
}

/** A world: its own SNI_HOME, DNS server, pebble and router (with the router's ports given to pebble). */
class AcmeWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'sni-acme-'))
  readonly home = join(this.dir, 'home')
  readonly txtDir = join(this.dir, 'txt')
  readonly rootFile = join(this.dir, 'pebble-root.pem')
  readonly hook = join(this.dir, 'dns-hook.sh')
  dns!: FakeDns
  ca!: Pebble
  router!: RouterProcess

  /** The EAB key id and HMAC key file, when this world's CA requires external account binding. */
  eab?: {kid: string; file: string}

  async start(validitySeconds?: number, eab = false): Promise<void> {
    mkdirSync(this.txtDir)
    // The DNS-01 hook: what a user's script does with their DNS provider, here files the DNS server reads.
    writeFileSync(
      this.hook,
      `#!/bin/sh\ncase "$1" in\n  publish) printf '%s\\n' "$3" >> "${this.txtDir}/$2" ;;\n  cleanup) rm -f "${this.txtDir}/$2" ;;\nesac\n`,
    )
    chmodSync(this.hook, 0o755)
    this.dns = await FakeDns.start(this.txtDir)
    const [tlsPort, httpPort] = [await freePort(), await freePort()]
    const hmacKey = randomBytes(32).toString('base64url')
    if (eab) {
      this.eab = {file: join(this.dir, 'eab.key'), kid: 'kid-1'}
      writeFileSync(this.eab.file, `${hmacKey}\n`)
    }

    this.ca = await startPebble({
      certificateValidityPeriod: validitySeconds,
      dir: this.dir,
      dnsPort: this.dns.port,
      eabKeys: eab ? {'kid-1': hmacKey} : undefined,
      httpPort,
      tlsPort,
    })
    writeFileSync(this.rootFile, this.ca.rootPem)
    this.router = await startRouterProcess(['--port', String(tlsPort), '--http-port', String(httpPort)], this.env())
  }

  env(): Record<string, string> {
    return {NODE_EXTRA_CA_CERTS: this.ca.listenerCaFile, SNI_HOME: this.home, SNI_PLATFORM: 'local'}
  }

  sni(...args: string[]): Promise<SniRun> {
    return runSni(args, {env: this.env(), timeoutMs: 60_000})
  }

  /** domains:add (through the CLI, or in-process to spare a process start), then certs:auto:enable --wait. */
  async enable(app: string, hostname: string, ...flags: string[]): Promise<SniRun> {
    if (flags.includes('--cli-domains-add')) {
      const added = await this.sni('domains:add', hostname, '--app', app)
      assert.equal(added.exitCode, 0, added.stderr)
      flags = flags.filter((f) => f !== '--cli-domains-add')
    } else {
      const client = openLocalPlatformClient({home: this.home})
      try {
        await client.addDomain(app, {hostname, sniEndpoint: null})
      } finally {
        client.close()
      }
    }

    return this.sni(
      'certs:auto:enable',
      '--app',
      app,
      '--acme-directory',
      this.ca.directoryUrl,
      '--wait',
      '--wait-timeout',
      '40s',
      ...flags,
    )
  }

  /** certs:check against pebble's root: the served certificate is trusted, covers the name and is the platform's. */
  async check(hostname: string, app: string): Promise<SniRun> {
    return this.sni('certs:check', hostname, '--app', app, '--ca', this.rootFile)
  }

  async status(app: string): Promise<AcmStatusJson> {
    const run = await this.sni('certs:auto', '--app', app, '--json')
    return parseJsonOutput<AcmStatusJson>('certs-auto', run.stdout)
  }

  async stop(): Promise<void> {
    await this.router?.stop('SIGTERM')
    await this.ca?.stop()
    await this.dns?.close()
    rmSync(this.dir, {force: true, recursive: true})
  }
}

describe('ACM on the local platform against pebble (integration)', function () {
  this.timeout(90_000)
  let started = 0
  const world = new AcmeWorld()
  const shortLived = new AcmeWorld()
  /** Each app's flow (domains:add, then certs:auto:enable --wait), all started at once: one router serves them all. */
  const flows = new Map<string, Promise<SniRun>>()

  before(async function () {
    if (!pebble) {
      console.log(
        "    (skipped: Debian's pebble is not installed; apt-get install pebble, as .ci/run does, to run the ACME tests)",
      )
      this.skip()
    }

    started = Date.now()
    // The short-lived world's CA also requires external account binding (as ZeroSSL or Google's do).
    await Promise.all([world.start(), shortLived.start(9, true)])
    world.dns.setMissing('nowhere.fail.test')
    flows.set(
      'renew-app',
      shortLived.enable(
        'renew-app',
        'renew.test',
        '--json',
        '--eab-kid',
        'kid-1',
        '--eab-hmac-key-file',
        shortLived.eab?.file ?? '',
      ),
    )
    flows.set('http-app', world.enable('http-app', 'www.http.test', '--cli-domains-add'))
    flows.set('alpn-app', world.enable('alpn-app', 'alpn.test', '--challenge', 'tls-alpn-01', '--key-type', 'rsa'))
    flows.set('dns-app', world.enable('dns-app', '*.wild.test', '--dns-hook', world.hook))
    flows.set('fail-app', world.enable('fail-app', 'nowhere.fail.test'))
  })

  after(async () => {
    await Promise.all([world.stop(), shortLived.stop()])
    if (pebble) console.log(`    ACME integration tests took ${((Date.now() - started) / 1000).toFixed(1)} s`)
  })

  it("HTTP-01, ECDSA: domains:add, certs:auto:enable --wait with live progress, then certs:check passes against pebble's root", async () => {
    const enabled = await flows.get('http-app')
    assert.equal(enabled?.exitCode, 0, enabled?.stderr)
    assert.match(enabled.stderr, /Enabling Automatic Certificate Management\.\.\. starting\./)
    assert.match(enabled.stderr, /\] www\.http\.test: (Waiting|Pending|In Progress)\n/)
    assert.match(enabled.stderr, /\] www\.http\.test: Cert issued\n/)
    assert.match(
      enabled.stdout,
      /=== Automatic Certificate Management is enabled on http-app\n\nRenewal scheduled for \d{4}-\d\d-\d\d \d\d:\d\d UTC\.\n\nCertificate details:\n/,
    )
    assert.match(enabled.stdout, /www\.http\.test {3}Cert issued {3}less than a minute/)
    assert.match(enabled.stdout, /Challenge: {6}http-01/)
    const [check, certs] = await Promise.all([
      world.check('www.http.test', 'http-app'),
      world.sni('certs', '--app', 'http-app'),
    ])
    assert.equal(check.exitCode, 0, check.stdout + check.stderr)
    assert.match(certs.stdout, /www\.http\.test .* False +ACM\n/)
  })

  it('TLS-ALPN-01, RSA: answered by the TLS router itself', async () => {
    const enabled = await flows.get('alpn-app')
    assert.equal(enabled?.exitCode, 0, enabled?.stderr)
    const [check, status] = await Promise.all([world.check('alpn.test', 'alpn-app'), world.status('alpn-app')])
    assert.equal(check.exitCode, 0, check.stdout + check.stderr)
    assert.equal(status.certificates[0]?.keyType, 'RSA 2048')
    assert.deepEqual(
      status.domains.map((d) => d.acmStatus),
      ['cert issued'],
    )
  })

  it('DNS-01 through the hook, for a wildcard domain', async () => {
    const enabled = await flows.get('dns-app')
    assert.equal(enabled?.exitCode, 0, enabled?.stderr)
    const check = await world.check('anything.wild.test', 'dns-app')
    assert.equal(check.exitCode, 0, check.stdout + check.stderr)
  })

  it('a domain pointing nowhere fails with the reason and the DNS fix (exit 6); fixed and refreshed, it gets its certificate', async () => {
    const enabled = await flows.get('fail-app')
    assert.equal(enabled?.exitCode, 6, enabled?.stderr)
    assert.match(enabled.stderr, /\] nowhere\.fail\.test: Failed \(.*could not resolve/)
    assert.match(enabled.stderr, /ACM could not issue a certificate for nowhere\.fail\.test/)
    assert.match(
      enabled.stdout,
      /Some domains failed validation after multiple attempts, retry by running: `sni certs:auto:refresh --app fail-app`/,
    )
    assert.match(
      enabled.stdout,
      /fix: point nowhere\.fail\.test at [a-z]+-[a-z]+-[0-9a-f]{16}\.herokudns\.localhost with a CNAME record/,
    )

    world.dns.setMissing('nowhere.fail.test', false)
    const refreshed = await world.sni('certs:auto:refresh', '--app', 'fail-app')
    assert.equal(refreshed.exitCode, 0, refreshed.stderr)
    assert.match(refreshed.stderr, /Refreshing Automatic Certificate Management\.\.\. done/)
    const waited = await world.sni('certs:auto', '--app', 'fail-app', '--wait', '--wait-timeout', '40s')
    assert.equal(waited.exitCode, 0, waited.stderr)
    assert.match(waited.stdout, /nowhere\.fail\.test {3}Cert issued/)
  })

  // (Without --confirm off a terminal it exits 9: test/commands/certs/auto/enable.test.ts.)
  it('disable removes the ACM certificate, so the router stops serving it', async () => {
    const disabled = await world.sni('certs:auto:disable', '--app', 'http-app', '--confirm', 'http-app', '--json')
    assert.equal(disabled.exitCode, 0, disabled.stderr)
    assert.match(disabled.stderr, /Disabling Automatic Certificate Management\.\.\. done/)
    const result = parseJsonOutput<{enabled: boolean; removedCertificates: string[]}>(
      'certs-auto-disable',
      disabled.stdout,
    )
    assert.equal(result.enabled, false)
    assert.equal(result.removedCertificates.length, 1)
    const check = await world.check('www.http.test', 'http-app')
    assert.equal(check.exitCode, 10, 'nothing serves the name any more')
  })

  it('with external account binding, the running router renews a short-lived certificate after two thirds of its lifetime, without a restart', async () => {
    const enabled = await flows.get('renew-app')
    assert.equal(enabled?.exitCode, 0, enabled?.stderr)
    const result = parseJsonOutput<AcmStatusJson>('certs-auto-enable', enabled.stdout)
    assert.equal(result.settings?.eabKid, 'kid-1', 'the CA required external account binding, and got it')
    const first = result.certificates[0]
    assert.ok(first?.fingerprint256 && first.renewsAt)
    assert.ok(Date.parse(first.renewsAt) < Date.parse(first.sslCert.expires_at ?? ''), 'renewal is before expiry')
    // The router logs each installed certificate: wait for the second one (no CLI runs while waiting).
    const deadline = Date.now() + 20_000
    while (
      (shortLived.router.stderr().match(/ACM: renew\.test now served by/g) ?? []).length < 2 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    const renewed = (await shortLived.status('renew-app')).certificates[0]
    assert.notEqual(
      renewed?.fingerprint256,
      first.fingerprint256,
      `not renewed; router log:\n${shortLived.router.stderr()}`,
    )
    assert.equal(renewed?.name, first.name, 'the ACM endpoint keeps its name')
    assert.match(shortLived.router.stderr(), /ACM: renewing a certificate for renew\.test/)
    const check = await shortLived.check('renew.test', 'renew-app')
    assert.equal(check.exitCode, 0, check.stdout + check.stderr)
  })
})
