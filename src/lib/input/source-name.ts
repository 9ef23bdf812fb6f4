import {escapeForDisplay} from '../display-text.js'

/** How an input is named in messages: `stdin` for `-`, else the path with control characters escaped. */
export function nameSource(label: string): string {
  return label === '-' ? 'stdin' : escapeForDisplay(label)
}
