import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import {type LocalPlatformClient, openLocalPlatformClient} from '../../src/platform/local/local-platform-client.js'
import type {Domain, SniEndpoint} from '../../src/lib/models.js'
import type {CertificateInput} from '../../src/platform/platform-client.js'
import {fixturesDir, readFixture} from './fixtures.js'
import {withoutCertificates} from './json-schema.js'
import {assertNoSecrets, type SniRun, startSni} from './run-sni.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3

/** Every row of a local store (or 'no store'), to prove that a refused run changed nothing. */
export function storeSnapshot(home: string): string {
  const path = join(home, 'platform.db')
  if (!existsSync(path)) return 'no store'
  const db = new Database(path)
  try {
    return JSON.stringify(
      ['apps', 'sni_endpoints', 'certificate_chains', 'private_keys', 'domains'].map((t) =>
        db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
      ),
    )
  } finally {
    db.close()
  }
}

/** Opens the local platform client on the store at `home`, hands it to `use`, and closes it whatever happens. */
export async function withLocalClient<T>(home: string, use: (client: LocalPlatformClient) => Promise<T>): Promise<T> {
  const client = openLocalPlatformClient({home})
  try {
    return await use(client)
  } finally {
    client.close()
  }
}

/** Adds custom domains (without a certificate) to an app of the local store at `home`, through the platform client; returns them by hostname. */
export async function seedLocalDomains(home: string, app: string, hostnames: string[]): Promise<Map<string, Domain>> {
  return withLocalClient(home, async (client) => {
    const added = new Map<string, Domain>()
    for (const hostname of hostnames) added.set(hostname, await client.addDomain(app, {hostname, sniEndpoint: null}))
    return added
  })
}

/** An app's domains and endpoints in the local store at `home`, as the platform client lists them. */
export async function readLocalApp(home: string, app: string): Promise<{domains: Domain[]; endpoints: SniEndpoint[]}> {
  return withLocalClient(home, async (client) => ({
    domains: await client.listDomains(app),
    endpoints: await client.listSniEndpoints(app),
  }))
}

/** A chain file and key file from the fixtures, as a platform's certificate input. */
export function chainInput(crt: string, key: string): CertificateInput {
  return {
    certificateChain: readFixture(crt).toString('utf8'),
    privateKey: new SecretPem(readFixture(key).toString('utf8')),
  }
}

/** The certificate most command tests give their app: *.example.com and example.com (chain-wildcard.pem, wildcard.key). */
export function addWildcardEndpoint(client: LocalPlatformClient, app = 'shop'): Promise<SniEndpoint> {
  return client.createSniEndpoint(app, chainInput('chain-wildcard.pem', 'wildcard.key'))
}

export interface LocalSni {
  /** The current test's SNI_HOME (a fresh temporary folder for each test). */
  readonly home: string
  /** Runs `sni ARGS` on the local platform in that home, from the fixtures folder, and checks that no secret reached its output. */
  sni(...args: string[]): Promise<SniRun>
}

/**
 * For a `describe` of command tests on the local platform: a fresh SNI_HOME per test (removed
 * afterwards) and an `sni` runner whose stdout (certificates masked, see withoutCertificates) and
 * stderr are scanned for the given secrets after every run. Runs are in-process unless `process`
 * asks for child processes (runs that must be separate processes, e.g. to race on the store).
 */
export function useLocalSni(
  prefix: string,
  secrets: string[],
  options: {process?: boolean; timeoutMs?: number} = {},
): LocalSni {
  let home = ''
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), prefix))
  })
  afterEach(() => {
    rmSync(home, {force: true, recursive: true})
  })
  return {
    get home() {
      return home
    },
    async sni(...args: string[]) {
      // Through the suite's run limiter: a test starting a dozen runs at once must not have them
      // time out on a loaded machine (each run's timeout starts when the run does).
      const run = await startSni(args, {
        cwd: fixturesDir,
        env: {SNI_HOME: home, SNI_PLATFORM: 'local'},
        process: options.process,
        timeoutMs: options.timeoutMs,
      })
      assertNoSecrets([withoutCertificates(run.stdout), run.stderr], secrets)
      return run
    },
  }
}
