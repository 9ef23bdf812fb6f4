import type {Domain} from '../../platform/models.js'

/** A normalised hostname for a shell: only a wildcard's `*` needs quotes (Heroku quotes it the same way). */
function shellHostname(hostname: string): string {
  return hostname.includes('*') ? `'${hostname}'` : hostname
}

/**
 * What Heroku's domains:add prints after adding a domain, byte for byte: the DNS target (the 4-space
 * indent of its help line included), then, while the platform is still working on the domain, how to
 * wait for it. Unlike Heroku, a domain that is already `succeeded` is not said to be "enqueued", and a
 * DNS target not assigned yet is named as pending instead of left empty.
 */
export function renderDomainAdded(domain: Domain, options: {bin: string; appArgument: string; waiting: boolean}): string {
  const target = domain.cname ?? `(not assigned yet: see ${options.bin} domains:info ${shellHostname(domain.hostname)}${options.appArgument})`
  const lines = [`Configure your app's DNS provider to point to the DNS Target ${target}.`, '    For help, see https://devcenter.heroku.com/articles/custom-domains']
  if (domain.status !== 'none' && domain.status !== 'succeeded' && !options.waiting) {
    lines.push(
      '',
      `The domain ${domain.hostname} has been enqueued for addition`,
      `Run ${options.bin} domains:wait ${shellHostname(domain.hostname)}${options.appArgument} to wait for completion`,
    )
  }

  return lines.join('\n')
}
