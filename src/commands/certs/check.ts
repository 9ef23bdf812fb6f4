import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {appFlag, platformFlags, remoteFlag} from '../../flags/platform-flags.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {usageError} from '../../lib/sni-error.js'
import {parseConnectTarget} from '../../lib/tls-check/connect-target.js'
import {readCaFiles} from '../../lib/tls-check/read-ca-files.js'
import {renderFailureSummary, renderTlsCheckReport} from '../../lib/display/tls-check-report.js'
import {dnsTarget, findDomain, platformExpectation} from '../../services/tls-check-target.js'
import {localRouterTarget} from '../../router/router-state.js'
import {runTlsCheck} from '../../lib/tls-check/run-tls-check.js'
import type {PlatformExpectation, TlsCheckReport, TlsTarget} from '../../lib/tls-check/types.js'
import {resolveSniHome} from '../../platform/local/store-location.js'
import {PlatformCommand} from '../../platform-command.js'

export default class CertsCheck extends PlatformCommand {
  static override args = {
    hostname: Args.string({
      description: 'hostname to check: sent as SNI and verified against the served certificate',
      ignoreStdin: true,
      required: true,
    }),
  }

  static override description = `Connects to HOSTNAME's DNS target (local platform: the running router; heroku: the domain's DNS target on port 443), or to --connect HOST:PORT, handshakes with SNI and checks what is served: protocol and cipher, the served chain, hostname verification (subjectAltName only), chain trust (Node's roots plus --ca), a missing intermediate, days to expiry, whether the served certificate is the one the platform associates with HOSTNAME (with --app), and with --protocols that TLS 1.0 and 1.1 are refused.
Exits 0 when every check passes (warnings, such as expiry within 30 days, do not fail it), 10 when any check fails (all of them are listed), 7 when no connection can be made.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app',
    '<%= config.bin %> <%= command.id %> www.example.com --connect 127.0.0.1:8443 --ca root.crt --protocols',
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app --platform heroku --json',
  ]

  static override flags = {
    app: appFlag({
      description:
        'app whose certificate for HOSTNAME the served one is compared with (on heroku, also where the DNS target is looked up)',
    }),
    ...remoteFlag,
    platform: platformFlags.platform,
    ca: Flags.string({
      description: 'extra trusted root or intermediate certificate file for the trust check (repeatable)',
      helpValue: 'FILE',
      multiple: true,
    }),
    connect: Flags.string({
      description: 'connect to HOST:PORT instead of the DNS target (the port defaults to 443)',
      helpValue: 'HOST:PORT',
    }),
    protocols: Flags.boolean({description: 'also check that TLS 1.0 and TLS 1.1 handshakes are refused'}),
    timeout: Flags.integer({
      default: 10,
      description: 'seconds to wait for each connection and handshake',
      max: 300,
      min: 1,
    }),
  }

  static override summary = 'check the certificate a hostname serves, live over TLS'

  async run(): Promise<TlsCheckReport> {
    const {args, flags} = await this.parse(CertsCheck)
    const hostname = normalizeHostname(args.hostname, {argName: 'HOSTNAME'}).ascii
    let target: TlsTarget | undefined = flags.connect === undefined ? undefined : parseConnectTarget(flags.connect)
    const extraRoots = await readCaFiles(flags.ca ?? [])
    if (!target) {
      if (this.platformKind === 'local') target = localRouterTarget(resolveSniHome(process.env))
      else if (flags.app === undefined) {
        throw usageError(
          `--app is needed to find the DNS target of ${hostname} on heroku.`,
          'APP_REQUIRED',
          'Pass --app APP (or set HEROKU_APP), or --connect HOST:PORT.',
        )
      }
    }

    let platform: PlatformExpectation = {
      kind: 'skipped',
      reason: `no --app given, so the served certificate is not compared with the one the platform associates with ${hostname}`,
    }
    if (flags.app !== undefined) {
      const client = await this.platformClient()
      const domain = await findDomain(client, flags.app, hostname)
      target ??= dnsTarget(domain, flags.app, hostname)
      platform = await platformExpectation(client, flags.app, hostname, domain)
    }

    if (!target) throw new Error('no target to connect to') // unreachable: every path above sets one or throws
    const report = await runTlsCheck({
      extraRoots,
      hostname,
      platform,
      protocols: flags.protocols,
      target,
      timeoutMs: flags.timeout * 1000,
    })
    this.log(renderTlsCheckReport(report))
    const summary = renderFailureSummary(report)
    if (summary) {
      this.logToStderr(summary)
      process.exitCode = ExitCode.checkFailed
    }

    return report
  }
}
