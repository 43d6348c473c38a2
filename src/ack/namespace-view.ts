import {ANNOTATION_DEFAULT_REGION, ANNOTATION_ENDPOINT_URL, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID} from './carm.js'
import {CARM_IGNORED_NAMESPACES, type ControllerConfig} from './controller.js'
import type {NamespaceObject} from '../core/types.js'

/** What one controller's two namespace caches hold for one namespace. */
export interface NamespaceView {
  nsObj?: NamespaceObject
  /** The namespace as the CARM cache holds it: none when CARM does not run, for kube-system and friends, or outside --watch-namespace. */
  carmNs?: NamespaceObject
  /** The namespace as the IAMRoleSelector cache holds it (no ignore list, no watch scope). */
  irsNs?: NamespaceObject
  /** Why the CARM annotations this namespace has are ignored (only set when it has some). */
  carmIgnored?: string
  /** `default-region`, from the CARM cache, then the IAMRoleSelector cache. Ref: reconciler.go getRegion */
  nsRegion?: string
  /** `endpoint-url`, likewise. Ref: reconciler.go getEndpointURL */
  nsEndpoint?: string
}

/** Computed once per (controller, namespace) and kept in the controller's context. */
export function namespaceView(
  ctx: {config: ControllerConfig; namespaceViews: Map<string, NamespaceView>},
  name: string,
  nsObj: NamespaceObject | undefined,
): NamespaceView {
  const cached = ctx.namespaceViews.get(name)
  if (cached) return cached
  const {config} = ctx
  let why: string | undefined
  if (!config.carmRunning) why = config.enableCARM ? '--watch-namespace names a single namespace, so CARM does not run' : '--enable-carm=false'
  else if (CARM_IGNORED_NAMESPACES.has(name)) why = `CARM never caches ${name}`
  else if (config.watchNamespaces.length > 0 && !config.watchNamespaces.includes(name)) why = `${name} is not in --watch-namespace`
  const carmNs = why === undefined ? nsObj : undefined
  const irsNs = config.irsRunning ? nsObj : undefined
  const hasCarmAnnotation = nsObj !== undefined && (nonEmpty(nsObj.annotations[ANNOTATION_OWNER_ACCOUNT_ID]) ?? nonEmpty(nsObj.annotations[ANNOTATION_TEAM_ID])) !== undefined
  const view: NamespaceView = {
    nsObj, carmNs, irsNs,
    carmIgnored: why !== undefined && hasCarmAnnotation ? why : undefined,
    nsRegion: nonEmpty(carmNs?.annotations[ANNOTATION_DEFAULT_REGION]) ?? nonEmpty(irsNs?.annotations[ANNOTATION_DEFAULT_REGION]),
    nsEndpoint: nonEmpty(carmNs?.annotations[ANNOTATION_ENDPOINT_URL]) ?? nonEmpty(irsNs?.annotations[ANNOTATION_ENDPOINT_URL]),
  }
  ctx.namespaceViews.set(name, view)
  return view
}

/** The controller treats an empty annotation as absent. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
