import * as Flags from '@oclif/core/flags'
import {ux} from '@oclif/core/ux'

import {domainHostname, hostnameArg, waitFlags} from '../../flags/domain-flags.js'
import {platformFlags, shortJsonFlag} from '../../flags/platform-flags.js'
import {assertEndpointCovers} from '../../lib/domain-association.js'
import {renderDomainAdded} from '../../lib/display/domain-added.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {createWaitProgress} from '../../lib/display/wait-progress.js'
import {PlatformCommand} from '../../platform-command.js'
import {pollIntervalMs, waitForDomains} from '../../services/wait-for-domains.js'

export default class DomainsAdd extends PlatformCommand {
  static override args = hostnameArg

  static override description = `Adds a custom domain to an app and prints the DNS target to point it at, as Heroku does. With --cert, also associates an SSL certificate, which must cover the hostname (exit 3 otherwise, nothing added). With --wait, waits (bounded by --timeout) until the platform has set the domain up.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app',
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app --cert tyrannosaurus-12345 --wait --json',
  ]

  static override flags = {
    ...platformFlags,
    ...shortJsonFlag,
    ...waitFlags,
    cert: Flags.string({char: 'c', description: 'name or id of an SSL certificate to associate with the domain'}),
    wait: Flags.boolean({description: 'wait until the domain is set up (status no longer pending)'}),
  }

  static override summary = 'add a domain to an app'

  async run(): Promise<DomainJson> {
    const {args, flags} = await this.parse(DomainsAdd)
    const hostname = domainHostname(args.hostname)
    const platform = await this.platformClient()
    if (flags.cert !== undefined) {
      // Our coverage check: the one extra request, so a domain is never served a certificate that does not cover it.
      const endpoint = await platform.getSniEndpoint(flags.app, flags.cert)
      assertEndpointCovers(
        endpoint,
        hostname,
        'Add the domain without --cert, or choose a certificate that covers it; nothing was changed.',
      )
    }

    ux.action.start(`Adding ${hostname} to ${flags.app}`)
    let domain = await this.change(
      platform,
      {
        check: ['domains:info', hostname, '--app', flags.app],
        done: `${hostname} was added to ${flags.app}`,
        what: `the addition of ${hostname} to ${flags.app}`,
      },
      () => platform.addDomain(flags.app, {hostname, sniEndpoint: flags.cert ?? null}),
    )
    ux.action.stop()
    const appArgument = this.appArgument(flags.app)
    this.log(renderDomainAdded(domain, {appArgument, bin: this.config.bin, waiting: flags.wait}))
    if (flags.wait && domain.status !== 'none') {
      const [settled] = await waitForDomains(platform, flags.app, [domain], {
        appArgument,
        bin: this.config.bin,
        intervalMs: pollIntervalMs(process.env),
        progress: createWaitProgress((text) => process.stderr.write(text)),
        timeoutMs: flags.timeout * 1000,
      })
      domain = settled ?? domain
    }

    return toDomainJson(domain)
  }
}
