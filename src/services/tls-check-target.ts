import {cliCommand} from '../lib/cli-command.js'
import {ExitCode} from '../lib/exit-codes.js'
import {certificateCovers, wildcardDomainFor} from '../lib/hostname/match-hostname.js'
import {isNotFound, SniError, usageError} from '../lib/sni-error.js'
import type {Domain} from '../lib/models.js'
import type {PlatformClient} from '../platform/platform-client.js'
import type {PlatformExpectation, TlsTarget} from '../lib/tls-check/types.js'

/**
 * The app's domain for HOSTNAME: the exact name, else the wildcard domain one label up
 * (`*.example.com` serves `www.example.com`). Undefined when the app has neither; other errors
 * (no such app, auth, network) pass through.
 */
export async function findDomain(platform: PlatformClient, app: string, hostname: string): Promise<Domain | undefined> {
  const wildcard = wildcardDomainFor(hostname)
  const candidates = wildcard === undefined ? [hostname] : [hostname, wildcard]
  for (const candidate of candidates) {
    try {
      return await platform.getDomain(app, candidate)
    } catch (error) {
      if (!isNotFound(error, 'domain')) throw error
    }
  }

  return undefined
}

/** Heroku: the domain's DNS target (its CNAME) on port 443. The domain must exist and have one. */
export function dnsTarget(domain: Domain | undefined, app: string, hostname: string): TlsTarget {
  if (!domain) {
    throw new SniError(`${hostname} is not a domain of ${app}, so it has no DNS target to connect to.`, {
      code: 'not_found',
      exit: ExitCode.platformRefused,
      notFound: {id: hostname, resource: 'domain'},
      hint: `Add it with \`${cliCommand('domains:add', hostname, '--app', app)}\`, or pass --connect HOST:PORT.`,
    })
  }

  if (!domain.cname) {
    throw usageError(
      `${domain.hostname} has no DNS target yet on ${app}, so there is nothing to connect to.`,
      'DNS_TARGET_MISSING',
      `Wait a minute and check \`${cliCommand('domains:info', domain.hostname, '--app', app)}\`, or pass --connect HOST:PORT.`,
    )
  }

  return {host: domain.cname, port: 443}
}

/** The command that gives a domain a certificate: one of the app's certificates that covers it, else adding one. */
async function howToAssociate(platform: PlatformClient, app: string, hostname: string): Promise<string> {
  const covering = (await platform.listSniEndpoints(app)).filter((e) =>
    certificateCovers(e.sslCert?.certDomains ?? [], hostname),
  )
  const [first, ...others] = covering
  if (!first)
    return `add a certificate that covers it with \`${cliCommand('certs:add', 'CRT', 'KEY', '--app', app, '--domains', hostname)}\``
  const alternatives = others.length > 0 ? ` (or --cert ${others.map((e) => e.name).join(', ')})` : ''
  return `associate one with \`${cliCommand('domains:update', hostname, '--cert', first.name, '--app', app)}\`${alternatives}`
}

/** What the platform associates with HOSTNAME: the endpoint's leaf fingerprint, or why there is none. */
export async function platformExpectation(
  platform: PlatformClient,
  app: string,
  hostname: string,
  domain: Domain | undefined,
): Promise<PlatformExpectation> {
  if (!domain)
    return {
      kind: 'missing',
      reason: `${hostname} is not a domain of ${app}, so the platform associates no certificate with it`,
    }
  const via = domain.hostname === hostname ? '' : ` (through the domain ${domain.hostname})`
  if (!domain.sniEndpoint)
    return {
      kind: 'missing',
      reason: `${app} associates no certificate with ${hostname}${via}; ${await howToAssociate(platform, app, domain.hostname)}`,
    }
  const endpoint = await platform.getSniEndpoint(app, domain.sniEndpoint.name)
  const fingerprint256 = endpoint.sslCert?.fingerprint256
  if (!fingerprint256)
    return {
      kind: 'skipped',
      reason: `the platform does not report the fingerprint of ${endpoint.name}, so it cannot be compared`,
    }
  return {endpoint: `${endpoint.name}${via}`, fingerprint256, kind: 'expected'}
}
