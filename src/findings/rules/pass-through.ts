import type {Finding} from '../../core/types.js'
import type {RuleHit} from '../types.js'

/** A finding produced while loading or working out settings, as a rule hit (its own severity is replaced by the rule's). */
export function hitFromFinding(f: Finding): RuleHit {
  const location = f.file !== undefined ? {location: {file: f.file, ...(f.line !== undefined ? {line: f.line} : {}), ...(f.column !== undefined ? {column: f.column} : {})}} : {}
  return {message: f.message, ...(f.object ? {object: f.object} : {}), ...location}
}
