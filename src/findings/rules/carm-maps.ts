import type {LintContext} from '../types.js'
import type {ConfigMapObject} from '../../core/types.js'

/**
 * The CARM ConfigMaps the controllers would actually hold (the engine's per-controller caches:
 * exact name in the ACK system namespace, only while CARM runs, the team map only with
 * TeamLevelCARM), each once, with the controllers that read it.
 */
export function carmMapsInUse(ctx: LintContext): Array<{configMap: ConfigMapObject; kind: 'account' | 'team'; aliases: string[]}> {
  const out = new Map<ConfigMapObject, {configMap: ConfigMapObject; kind: 'account' | 'team'; aliases: string[]}>()
  for (const c of ctx.controllers) {
    const context = ctx.resolver.contexts.get(c.serviceAlias)
    if (!context || context.config.startupError) continue
    for (const [kind, map] of [['account', context.accountMap], ['team', context.teamMap]] as const) {
      if (!map.configMap) continue
      const entry = out.get(map.configMap) ?? {configMap: map.configMap, kind, aliases: []}
      entry.aliases.push(c.serviceAlias)
      out.set(map.configMap, entry)
    }
  }
  return [...out.values()]
}
