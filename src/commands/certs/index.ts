import {cliCommand} from '../../lib/cli-command.js'
import {PlatformCommand} from '../../platform-command.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {renderCertificateTable, summarizeExpiry} from '../../lib/display/certificate-table.js'
import {type SniEndpointJson, toSniEndpointJson} from '../../lib/display/sni-endpoint-json.js'

export default class CertsIndex extends PlatformCommand {
  static override description = `Lists the app's SSL certificates (SNI endpoints) as Heroku does, and marks certificates that have expired or expire within 30 days (with a one-line summary on stderr).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --json',
  ]

  static override flags = {...platformFlags}

  static override summary = 'list SSL certificates for an app'

  async run(): Promise<SniEndpointJson[]> {
    const {flags} = await this.parse(CertsIndex)
    const platform = await this.platformClient()
    const endpoints = await platform.listSniEndpoints(flags.app)
    if (endpoints.length === 0) {
      this.log(
        `${flags.app} has no SSL certificates.\nUse \`${cliCommand('certs:add', 'CRT', 'KEY', '--app', flags.app)}\` to add one.`,
      )
      return []
    }

    const now = new Date()
    this.log(renderCertificateTable(endpoints, now))
    const expiry = summarizeExpiry(endpoints, now, flags.app)
    if (expiry) this.logToStderr(expiry)
    return endpoints.map((e) => toSniEndpointJson(e))
  }
}
