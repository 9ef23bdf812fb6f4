import type {Domain} from '../models.js'
import {quoteForShell} from '../cli-command.js'

/**
 * What Heroku's domains:add prints after adding a domain, byte for byte: the DNS target (the 4-space
 * indent of its help line included), then, while the platform is still working on the domain, how to
 * wait for it. Unlike Heroku, a domain that is already `succeeded` is not said to be "enqueued", a DNS
 * target not assigned yet is named as pending instead of left empty, and the commands are whole (with
 * --app) and in backticks, so they can be copied as they are (a wildcard's `*` quoted, as Heroku does).
 */
export function renderDomainAdded(
  domain: Domain,
  options: {bin: string; appArgument: string; waiting: boolean},
): string {
  const hostname = quoteForShell(domain.hostname)
  const target =
    domain.cname ?? `(not assigned yet: see \`${options.bin} domains:info ${hostname}${options.appArgument}\`)`
  const lines = [
    `Configure your app's DNS provider to point to the DNS Target ${target}.`,
    '    For help, see https://devcenter.heroku.com/articles/custom-domains',
  ]
  if (domain.status !== 'none' && domain.status !== 'succeeded' && !options.waiting) {
    lines.push(
      '',
      `The domain ${domain.hostname} has been enqueued for addition`,
      `Run \`${options.bin} domains:wait ${hostname}${options.appArgument}\` to wait for completion`,
    )
  }

  return lines.join('\n')
}
