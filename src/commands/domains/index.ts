import * as Flags from '@oclif/core/flags'

import {platformFlags, shortJsonFlag} from '../../flags/platform-flags.js'
import {
  applyDomainFilter,
  applyDomainSort,
  parseDomainFilter,
  parseDomainSort,
  selectDomainColumns,
} from '../../lib/display/domain-columns.js'
import {cliCommand, quoteForShell} from '../../lib/cli-command.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {renderDomainCsv, renderDomainList} from '../../lib/display/domain-table.js'
import type {Domain} from '../../lib/models.js'
import {PlatformCommand} from '../../platform-command.js'

/** Heroku warns (and sni with it) when a table would be this long. */
const MANY_DOMAINS = 100

export default class DomainsIndex extends PlatformCommand {
  static override description = `Lists the domains of an app as Heroku does: the platform domain, then the custom domains with their DNS record type, DNS target and SSL certificate.
--filter "COLUMN=VALUE" keeps the rows whose COLUMN contains VALUE ("-COLUMN=VALUE" the others); --sort COLUMN sorts in natural order ("-COLUMN" descending; several, comma-separated); --columns picks and orders columns; COLUMN is a header ("Domain Name", "DNS Record Type", "DNS Target", "ACM Status", "ACM Status Reason", "SNI Endpoint") or its API key (hostname, kind, cname, acm_status, acm_status_reason, sni_endpoint). --csv prints only CSV (a header row, then the custom domains). --json prints the API's Domain objects (the platform domain included), filtered and sorted as asked.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    `<%= config.bin %> <%= command.id %> --app example-app --filter 'Domain Name=www' --sort '-DNS Target'`,
    '<%= config.bin %> <%= command.id %> --app example-app --csv > example-app-domains.csv',
    '<%= config.bin %> <%= command.id %> --app example-app --json',
  ]

  static override flags = {
    ...platformFlags,
    ...shortJsonFlag,
    columns: Flags.string({description: 'only show provided columns (comma-separated)'}),
    csv: Flags.boolean({char: 'c', description: 'output in csv format', exclusive: ['json']}),
    extended: Flags.boolean({char: 'x', description: 'show extra columns'}),
    filter: Flags.string({description: 'filter property by partial string matching, ex: name=foo'}),
    'no-wrap': Flags.boolean({
      description: 'disable wrapped table cells for easier copy/paste (sni never wraps cells)',
    }),
    sort: Flags.string({description: "sort by property (prefix with '-' for descending)"}),
  }

  static override summary = 'list domains for an app'

  async run(): Promise<DomainJson[]> {
    const {flags} = await this.parse(DomainsIndex)
    // Every flag is checked before the platform is asked anything.
    const columns = selectDomainColumns(flags)
    const filter = flags.filter === undefined ? undefined : parseDomainFilter(flags.filter)
    const sort = flags.sort === undefined ? undefined : parseDomainSort(flags.sort)
    const view = (domains: Domain[]): Domain[] => {
      const filtered = filter ? applyDomainFilter(domains, filter) : domains
      return sort ? applyDomainSort(filtered, sort) : filtered
    }

    const platform = await this.platformClient()
    const all = await platform.listDomains(flags.app)
    if (this.jsonEnabled()) return view(all).map((d) => toDomainJson(d))

    const custom = all.filter((d) => d.kind === 'custom')
    const shown = view(custom)
    if (flags.csv) {
      this.log(renderDomainCsv(shown, columns))
      return []
    }

    if (shown.length > MANY_DOMAINS) {
      // Heroku's warning (it then asks whether to print them all; sni prints them, as piped output would want).
      this.warn(
        `This app has over ${MANY_DOMAINS} domains. Your terminal may not be configured to display the total amount of domains. You can export all domains into a CSV file with \`${cliCommand('domains', '--app', flags.app, '--csv')} > ${quoteForShell(`${flags.app}-domains.csv`)}\`.`,
      )
    }

    const platformDomains = all.filter((d) => d.kind === 'heroku')
    this.log(
      renderDomainList(flags.app, platformDomains, shown, {
        bin: this.config.bin,
        columns,
        filtered: shown.length < custom.length,
      }),
    )
    return []
  }
}
