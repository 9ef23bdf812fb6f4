import * as Flags from '@oclif/core/flags'

import {platformFlags} from '../../flags/platform-flags.js'
import {usageError} from '../../lib/sni-error.js'
import type {PlatformKind} from '../../lib/models.js'
import {PlatformCommand} from '../../platform-command.js'
import {parseUpstream} from '../../router/upstream-url.js'

/** The default plain-HTTP port: 80 needs privileges, and 8080 is its usual unprivileged stand-in. */
const DEFAULT_HTTP_PORT = 8080

export default class RouterStart extends PlatformCommand {
  static override description = `Serves HTTPS for the apps of the local platform: the certificate is chosen per SNI name (the endpoint associated with the exact domain, else a matching wildcard domain); an unknown name gets a TLS alert. TLS 1.2 and 1.3 only, Mozilla "intermediate" ciphers.
Changes made by certs:add, certs:update, certs:remove and domains:update apply to the next handshake. Requests go to --upstream with X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Port and X-Request-Id; without it the router answers with what the app would have received.
Logs one line per request on stdout (JSON lines with --json); writes $SNI_HOME/router.json while running; stops cleanly on SIGINT or SIGTERM.
Also serves plain HTTP on --http-port, and runs Automated Certificate Management for apps where certs:auto:enable turned it on: it answers HTTP-01 challenges on the HTTP port and TLS-ALPN-01 on the TLS port, runs DNS-01 hooks, installs each certificate as the domain's ACM endpoint (served at once) and renews it once two thirds of its lifetime have passed, retrying failures with backoff.
One router per store: a second one on the same SNI_HOME refuses to start (exit 2) and names the running one's address and pid.`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --port 8443 --upstream http://127.0.0.1:3000',
    'curl --connect-to www.example.com:443:127.0.0.1:8443 https://www.example.com/',
  ]

  static override flags = {
    host: Flags.string({default: '127.0.0.1', description: 'address to listen on'}),
    'http-port': Flags.integer({
      description:
        'plain-HTTP port: ACME HTTP-01 challenges, other requests go to the app as on Heroku (default 8080, skipped with a warning when busy; 80 in production; 0 picks a free one)',
      max: 65_535,
      min: 0,
    }),
    platform: platformFlags.platform,
    port: Flags.integer({default: 8443, description: 'port to listen on (0 picks a free one)', max: 65_535, min: 0}),
    upstream: Flags.string({description: 'http:// URL of the app to proxy requests to'}),
  }

  static override summary = "serve the local platform's certificates over HTTPS, selected by SNI"

  /** SniCommand exits 130 on SIGINT and SIGTERM; the router instead shuts down cleanly and exits 0 (run-router.ts). */
  protected override handleInterruptSignals(): void {}

  /** The router serves the local platform's store; any other platform is a usage error (exit 2). */
  protected override async checkPlatform(kind: PlatformKind): Promise<void> {
    if (kind !== 'local') {
      throw usageError(
        'router:start serves the local platform only.',
        'ROUTER_LOCAL_ONLY',
        'Run it with --platform local (or SNI_PLATFORM=local).',
      )
    }
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(RouterStart)
    const upstream = flags.upstream === undefined ? undefined : parseUpstream(flags.upstream)
    const [client, {runRouter}] = await Promise.all([this.localPlatformClient(), import('../../router/run-router.js')])
    await runRouter({
      // Always on stderr, --json or not: the request log on stdout stays machine-readable.
      err: (line) => process.stderr.write(`${line}\n`),
      home: client.directory,
      host: flags.host,
      acm: client.acm,
      httpPort: flags['http-port'] ?? DEFAULT_HTTP_PORT,
      httpPortExplicit: flags['http-port'] !== undefined,
      json: this.jsonEnabled(),
      lookup: (hostname) => client.readServingMaterial(hostname),
      storeVersion: () => client.storeVersion(),
      out: (line) => process.stdout.write(`${line}\n`),
      port: flags.port,
      upstream,
    })
  }
}
