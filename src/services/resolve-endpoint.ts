import {cliCommand} from '../lib/cli-command.js'
import {ExitCode} from '../lib/exit-codes.js'
import {isNotFound, SniError} from '../lib/sni-error.js'
import type {SniEndpoint} from '../lib/models.js'
import type {PlatformClient} from '../platform/platform-client.js'

export interface EndpointSelector {
  endpoint?: string
  name?: string
}

/** The name of the endpoint a domain is associated with; undefined when the domain is unknown or has none. */
async function endpointOfDomain(platform: PlatformClient, app: string, hostname: string): Promise<string | undefined> {
  try {
    return (await platform.getDomain(app, hostname)).sniEndpoint?.name
  } catch (error) {
    // As Heroku: a hostname that is no domain of the app matches no endpoint ("Record not found.").
    if (isNotFound(error)) return undefined
    throw error
  }
}

/**
 * Picks the endpoint `certs:info`, `certs:update` and `certs:remove` act on, with Heroku's rules and
 * wording (lib/certs/flags.js): by --name, by --endpoint (a custom domain associated with it), or the
 * only endpoint of the app. Unlike Heroku (one request per domain of every endpoint), --endpoint costs
 * one request: the domain itself, which names its endpoint.
 */
export async function resolveSniEndpoint(
  platform: PlatformClient,
  app: string,
  selector: EndpointSelector,
): Promise<SniEndpoint> {
  const endpoints = await platform.listSniEndpoints(app)
  if (endpoints.length === 0) {
    throw new SniError(`${app} has no SSL certificates.`, {
      code: 'NO_CERTIFICATES',
      exit: ExitCode.platformRefused,
      hint: `Add one with \`${cliCommand('certs:add', 'CRT', 'KEY', '--app', app)}\`.`,
    })
  }

  let matches = endpoints
  if (selector.endpoint !== undefined) {
    const endpointName = await endpointOfDomain(platform, app, selector.endpoint)
    matches = endpoints.filter((e) => e.name === endpointName)
    if (matches.length > 1) {
      throw new SniError('Must pass --name when more than one endpoint matches --endpoint.', {
        code: 'ENDPOINT_AMBIGUOUS',
        exit: ExitCode.usage,
      })
    }
  }

  if (selector.name !== undefined) {
    matches = matches.filter((e) => e.name === selector.name || e.id === selector.name)
    if (matches.length > 1) {
      throw new SniError(`More than one endpoint matches ${selector.name}, please file a support ticket.`, {
        code: 'ENDPOINT_AMBIGUOUS',
        exit: ExitCode.usage,
      })
    }
  }

  if (matches.length > 1) {
    throw new SniError('Must pass --name when more than one endpoint.', {
      code: 'ENDPOINT_AMBIGUOUS',
      exit: ExitCode.usage,
      hint: `Choose one of: ${matches.map((e) => e.name).join(', ')}.`,
    })
  }

  const [found] = matches
  if (!found) {
    throw new SniError('Record not found.', {
      code: 'not_found',
      exit: ExitCode.platformRefused,
      hint: `List the app's certificates with \`${cliCommand('certs', '--app', app)}\`.`,
      notFound: {id: selector.name ?? selector.endpoint ?? app, resource: 'SNI endpoint'},
    })
  }

  return found
}
