/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }

    previous = current
  }

  return previous[b.length] ?? 0
}

/** Verbs other CLIs use (gh, kubectl, docker, aws) for what sni calls by Heroku's names; '' is the topic's listing command. */
const SYNONYMS: Record<string, string> = {
  create: 'add',
  del: 'remove',
  delete: 'remove',
  describe: 'info',
  destroy: 'remove',
  edit: 'update',
  get: 'info',
  index: '',
  list: '',
  ls: '',
  new: 'add',
  rm: 'remove',
  set: 'update',
  show: 'info',
}

/**
 * The command a mistyped id most likely meant: another CLI's verb for the same action
 * (`certs:list` is `certs`, `domains:rm` is `domains:remove`), else the nearest id by edit distance
 * (a missing or doubled letter, `cert:add` for `certs:add`),
 * if it is close enough to be a typo rather than another command.
 */
export function suggestCommand(typed: string, ids: string[]): string | undefined {
  const wanted = typed.toLowerCase()
  const [typedTopic, action, ...rest] = wanted.split(':')
  const synonym = action === undefined || rest.length > 0 ? undefined : SYNONYMS[action]
  if (typedTopic && synonym !== undefined) {
    // the topic as typed, or one letter off (`cert:list`)
    const topic = ids.find((id) => !id.includes(':') && editDistance(id, typedTopic) <= 1) ?? typedTopic
    const meant = synonym === '' ? topic : `${topic}:${synonym}`
    if (ids.includes(meant)) return meant
  }

  let best: {distance: number; id: string} | undefined
  for (const id of ids) {
    const distance = editDistance(wanted, id)
    if (!best || distance < best.distance) best = {distance, id}
  }

  if (!best) return undefined
  return best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.id : undefined
}
