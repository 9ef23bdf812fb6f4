/** Heroku's domain picker (nothing pre-selected). Only called on a terminal; @inquirer/checkbox loads lazily. */
export async function chooseDomains(hostnames: string[]): Promise<string[]> {
  const {default: checkbox} = await import('@inquirer/checkbox')
  return checkbox({choices: hostnames.map((value) => ({value})), message: 'Select domains'})
}
