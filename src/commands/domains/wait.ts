import * as Args from '@oclif/core/args'

import {platformFlags} from '../../flags/platform-flags.js'
import {domainHostname, waitFlags} from '../../flags/domain-flags.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {createWaitProgress} from '../../lib/display/wait-progress.js'
import {PlatformCommand} from '../../platform-command.js'
import {pollIntervalMs, waitForDomains} from '../../services/wait-for-domains.js'

export default class DomainsWait extends PlatformCommand {
  static override args = {
    hostname: Args.string({
      description:
        'domain to wait for (Unicode names are converted to their A-label); without it, every pending domain of the app',
      ignoreStdin: true,
    }),
  }

  static override description = `Waits until the platform has set up a domain (its status is no longer pending), or every pending domain of the app, reading it every 5 seconds as Heroku does, with a line of progress on stderr per read.
Unlike Heroku's, the wait is bounded: after --timeout seconds it stops with exit 7, naming the domains still pending. A domain whose setup failed is exit 5.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --timeout 120 --json',
  ]

  static override flags = {...platformFlags, ...waitFlags}

  static override summary = 'wait for domain to be active for an app'

  async run(): Promise<DomainJson[]> {
    const {args, flags} = await this.parse(DomainsWait)
    const hostname = args.hostname === undefined ? undefined : domainHostname(args.hostname)
    const platform = await this.platformClient()
    // As Heroku: the one domain, else the app's pending ones (one listing).
    const domains =
      hostname === undefined
        ? (await platform.listDomains(flags.app)).filter((d) => d.status === 'pending')
        : [await platform.getDomain(flags.app, hostname)]
    const settled = await waitForDomains(platform, flags.app, domains, {
      appArgument: this.appArgument(flags.app),
      bin: this.config.bin,
      intervalMs: pollIntervalMs(process.env),
      progress: createWaitProgress((text) => process.stderr.write(text)),
      timeoutMs: flags.timeout * 1000,
    })
    return settled.map((d) => toDomainJson(d))
  }
}
