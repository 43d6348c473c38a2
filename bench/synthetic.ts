/** A synthetic cluster for benchmarks: namespaces with CARM/labels, selectors, resources over many kinds. */
export interface SyntheticSize {
  namespaces: number
  selectors: number
  resources: number
  kinds: number
  /**
   * A cluster still on CARM, as `migrate-carm` finds one: controllers with CARM on and no
   * IAMRoleSelector gate, an account map with the namespaces' 50 accounts (give no selectors).
   */
  carm?: boolean
  /**
   * Selectors that route by resource label alone (no namespace or type part: `routing: team` and a
   * `team` of their own), every resource labelled for one of them: each selector could match any
   * resource, which an index by namespace cannot narrow.
   */
  byResourceLabel?: boolean
}

/** Deterministic objects (no randomness), roughly shaped like a large multi-tenant cluster. */
export function syntheticObjects(size: SyntheticSize): unknown[] {
  const objects: unknown[] = []
  const services = Array.from({length: size.kinds}, (_, i) => `svc${i}`)
  objects.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ack-system'}})
  for (const svc of services) {
    objects.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: `ack-${svc}-controller`, namespace: 'ack-system'},
      spec: {template: {spec: {serviceAccountName: `ack-${svc}`, containers: [{
        name: 'controller', image: `public.ecr.aws/aws-controllers-k8s/${svc}-controller:1.0.0`,
        args: size.carm ? ['--aws-region', 'us-east-1', '--enable-carm=true'] : ['--aws-region', 'us-east-1', '--enable-carm=false', '--feature-gates', 'IAMRoleSelector=true'],
        env: [{name: 'ACK_SYSTEM_NAMESPACE', value: 'ack-system'}],
      }]}}},
    })
    objects.push({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `things.${svc}.services.k8s.aws`},
      spec: {group: `${svc}.services.k8s.aws`, names: {kind: 'Thing', plural: 'things'}, versions: [{name: 'v1alpha1', served: true, storage: true}]},
    })
  }
  if (size.carm) {
    const data: Record<string, string> = {}
    for (let i = 0; i < 50; i++) data[String(100000000000 + i)] = `arn:aws:iam::${100000000000 + i}:role/ack-tenant-${i}`
    objects.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data})
  }
  for (let i = 0; i < size.namespaces; i++) {
    objects.push({
      apiVersion: 'v1', kind: 'Namespace',
      metadata: {name: `ns-${i}`, labels: {team: `team-${i % 200}`, env: i % 3 === 0 ? 'prod' : 'dev'}, annotations: {'services.k8s.aws/owner-account-id': String(100000000000 + (i % 50))}},
    })
  }
  for (let i = 0; i < size.selectors; i++) {
    const byName = i % 2 === 0
    const arn = `arn:aws:iam::${100000000000 + (i % 50)}:role/role-${i}`
    objects.push({
      apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: `sel-${i}`, resourceVersion: String(i + 1)},
      spec: size.byResourceLabel ? {arn, resourceLabelSelector: {matchLabels: {routing: 'team', team: `t${i}`}}} : {
        arn,
        namespaceSelector: byName
          ? {names: Array.from({length: 10}, (_, j) => `ns-${(i * 10 + j) % size.namespaces}`)}
          : {names: [], labelSelector: {matchLabels: {team: `team-${i % 200}`}}},
        resourceTypeSelector: [{group: `svc${i % size.kinds}.services.k8s.aws`, version: '', kind: ''}],
        ...(i % 5 === 0 ? {resourceLabelSelector: {matchLabels: {tier: 'gold'}}} : {}),
      },
    })
  }
  for (let i = 0; i < size.resources; i++) {
    const svc = services[i % size.kinds]
    objects.push({
      apiVersion: `${svc}.services.k8s.aws/v1alpha1`, kind: 'Thing',
      metadata: {name: `thing-${i}`, namespace: `ns-${i % size.namespaces}`, labels: size.byResourceLabel ? {routing: 'team', team: `t${i % size.selectors}`} : i % 7 === 0 ? {tier: 'gold'} : {}},
      spec: {name: `thing-${i}`},
      ...(i % 4 === 0 ? {status: {ackResourceMetadata: {ownerAccountID: String(100000000000 + (i % 50)), region: 'us-east-1'}}} : {}),
    })
  }
  return objects
}
