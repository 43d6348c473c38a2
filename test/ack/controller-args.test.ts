import {strict as assert} from 'node:assert'

import {defaultSettings} from '../../src/ack/controller.js'
import {expandVars, parseControllerArgs, settingsFromContainer} from '../../src/ack/controller-args.js'

describe('controller-args: container args and env -> controller settings', () => {
  describe('expandVars: Kubernetes $(VAR) expansion', () => {
    const env = {AWS_REGION: 'us-west-2', EMPTY: '', 'DOTTED.NAME': 'd', 'A B': 'spaced', NESTED: '$(AWS_REGION)'}
    const cases: Array<[name: string, input: string, want: string]> = [
      ['defined variable', '$(AWS_REGION)', 'us-west-2'],
      ['inside text', '--aws-region=$(AWS_REGION)', '--aws-region=us-west-2'],
      ['defined but empty', '$(EMPTY)', ''],
      ['undefined stays as written', '$(ACK_WATCH_NAMESPACE)', '$(ACK_WATCH_NAMESPACE)'],
      ['$$ escapes a reference', '$$(AWS_REGION)', '$(AWS_REGION)'],
      ['$$ alone becomes $', 'a$$b', 'a$b'],
      ['$$$ then a reference', '$$$(AWS_REGION)', '$us-west-2'],
      ['lone $ kept', 'cost$', 'cost$'],
      ['$ before other text kept', '$HOME', '$HOME'],
      ['unterminated reference kept', '$(AWS_REGION', '$(AWS_REGION'],
      ['names may contain dots', '$(DOTTED.NAME)', 'd'],
      ['name is everything up to )', '$(A B)', 'spaced'],
      ['values are not expanded again', '$(NESTED)', '$(AWS_REGION)'],
      ['two references', '$(AWS_REGION)-$(AWS_REGION)', 'us-west-2-us-west-2'],
      ['empty reference', '$()', '$()'],
    ]
    for (const [name, input, want] of cases) it(name, () => assert.equal(expandVars(input, env), want))
  })

  describe('parseControllerArgs: pflag semantics', () => {
    const cases: Array<[name: string, args: string[], want: Record<string, string>]> = [
      ['nothing', [], {}],
      ['--name value', ['--aws-region', 'eu-west-1'], {region: 'eu-west-1'}],
      ['--name=value', ['--aws-region=eu-west-1'], {region: 'eu-west-1'}],
      ['--name= gives an empty value', ['--aws-region='], {region: ''}],
      ['value split at the first =', ['--feature-gates=IAMRoleSelector=true,TeamLevelCARM=false'], {featureGates: 'IAMRoleSelector=true,TeamLevelCARM=false'}],
      ['bare boolean is true', ['--enable-carm'], {enableCARM: 'true'}],
      ['--enable-carm false (space form) is true; false is a positional arg', ['--enable-carm', 'false'], {enableCARM: 'true'}],
      ['--enable-carm=false', ['--enable-carm=false'], {enableCARM: 'false'}],
      ['--enable-carm=FALSE kept raw', ['--enable-carm=FALSE'], {enableCARM: 'FALSE'}],
      ['bad --enable-carm kept raw for start-up validation', ['--enable-carm=no'], {enableCARM: 'no'}],
      ['last one wins', ['--aws-region', 'a', '--aws-region=b'], {region: 'b'}],
      ['value may start with --', ['--aws-region', '--enable-carm=false'], {region: '--enable-carm=false'}],
      ['positional args in between are skipped', ['./bin/controller', 'x', '--watch-namespace', 'a,b'], {watchNamespace: 'a,b'}],
      ['-- ends flag parsing', ['--aws-region', 'a', '--', '--aws-region', 'b'], {region: 'a'}],
      ['other value flags consume their value', ['--log-level', '--aws-region', '--aws-region', 'c'], {region: 'c'}],
      ['unknown flags with = do not consume', ['--foo=bar', '--aws-region', 'x'], {region: 'x'}],
      ['other boolean flags take no value', ['--enable-leader-election', '--aws-region', 'x'], {region: 'x'}],
      ['--enable-field-export-reconciler is boolean', ['--enable-field-export-reconciler', '--aws-region', 'x'], {region: 'x'}],
      ['--aws-endpoint-use-path-style is boolean', ['--aws-endpoint-use-path-style', '--aws-region', 'x'], {region: 'x'}],
      ['allow-unsafe bare', ['--allow-unsafe-aws-endpoint-urls'], {allowUnsafeEndpointURLs: 'true'}],
      ['identity endpoint', ['--aws-identity-endpoint-url', 'http://sts:4566'], {identityEndpointURL: 'http://sts:4566'}],
      ['value flag at the end without value', ['--aws-region=x', '--watch-namespace'], {region: 'x', argsError: 'flag needs an argument: --watch-namespace'}],
      ['bad boolean on another flag', ['--allow-unsafe-aws-endpoint-urls=yes'], {allowUnsafeEndpointURLs: 'yes', argsError: 'invalid argument "yes" for "--allow-unsafe-aws-endpoint-urls" flag: strconv.ParseBool: parsing "yes": invalid syntax'}],
      ['first pflag error wins', ['--enable-leader-election=nope', '--log-level'], {argsError: 'invalid argument "nope" for "--enable-leader-election" flag: strconv.ParseBool: parsing "nope": invalid syntax'}],
      ['a bad --enable-carm stops pflag before later errors', ['--enable-carm=nope', '--enable-leader-election=x'], {enableCARM: 'nope'}],
    ]
    for (const [name, args, want] of cases) it(name, () => assert.deepEqual({...parseControllerArgs(args)}, want))
  })

  describe('settingsFromContainer', () => {
    const where = 'Deployment ack-system/ack-s3-controller'
    const base = defaultSettings('s3')
    const cases: Array<[name: string, args: string[], env: Record<string, string>, want: Partial<typeof base>]> = [
      ['AWS_REGION env is the --aws-region default', [], {AWS_REGION: 'eu-west-1'}, {region: 'eu-west-1'}],
      ['--aws-region overrides AWS_REGION', ['--aws-region', 'us-east-2'], {AWS_REGION: 'eu-west-1'}, {region: 'us-east-2'}],
      ['Helm: --aws-region "$(AWS_REGION)" with AWS_REGION empty -> region missing', ['--aws-region', '$(AWS_REGION)'], {AWS_REGION: ''}, {region: ''}],
      ['an undefined $(VAR) stays literal', ['--watch-namespace', '$(ACK_WATCH_NAMESPACE)'], {}, {watchNamespace: '$(ACK_WATCH_NAMESPACE)'}],
      ['ACK_SYSTEM_NAMESPACE set', [], {ACK_SYSTEM_NAMESPACE: 'ack-controllers'}, {ackSystemNamespace: 'ack-controllers'}],
      ['ACK_SYSTEM_NAMESPACE set but empty is kept empty', [], {ACK_SYSTEM_NAMESPACE: ''}, {ackSystemNamespace: ''}],
      ['deprecated K8S_NAMESPACE when ACK_SYSTEM_NAMESPACE is unset', [], {K8S_NAMESPACE: 'legacy'}, {ackSystemNamespace: 'legacy'}],
      ['ACK_SYSTEM_NAMESPACE beats K8S_NAMESPACE, even when empty', [], {ACK_SYSTEM_NAMESPACE: '', K8S_NAMESPACE: 'legacy'}, {ackSystemNamespace: ''}],
      ['neither set: ack-system', [], {}, {ackSystemNamespace: 'ack-system'}],
      ['allow-unsafe parsed as a boolean', ['--allow-unsafe-aws-endpoint-urls=T'], {}, {allowUnsafeEndpointURLs: true}],
      ['--enable-carm=$(X) expanded before parsing', ['--enable-carm=$(CARM)'], {CARM: 'false'}, {enableCARM: 'false'}],
      ['pflag error recorded', ['--aws-region'], {}, {argsError: 'flag needs an argument: --aws-region'}],
    ]
    for (const [name, args, env, want] of cases) {
      it(name, () => {
        const got = settingsFromContainer(base, args, env, where)
        for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, k)
      })
    }
    it('records where each setting came from', () => {
      const got = settingsFromContainer(base, ['--aws-region', '$(AWS_REGION)', '--enable-carm=false'], {AWS_REGION: 'eu-west-1', ACK_SYSTEM_NAMESPACE: 'ack-system'}, where)
      assert.deepEqual(got.origin, {
        region: `${where} arg --aws-region`,
        ackSystemNamespace: `${where} env ACK_SYSTEM_NAMESPACE`,
        enableCARM: `${where} arg --enable-carm`,
      })
    })
    it('a flag whose $(VAR) is set at run time (a Secret, an envFrom source not in the input) keeps its default and is recorded, never a start-up error', () => {
      const source = 'ConfigMap ack-system/ack-s3-user-config (envFrom), which the input does not hold'
      const unknownVar = (name: string, implicit = false) => (implicit ? undefined : name === 'SET' ? undefined : source)
      const got = settingsFromContainer(base, [
        '--aws-region', '$(AWS_REGION)', '--enable-carm=$(ENABLE_CARM)', '--enable-development-logging=$(DEV)', '--watch-namespace', 'team-a', '--watch-namespace', '$(WATCH)',
        '--feature-gates', 'IAMRoleSelector=$(GATE)', '--feature-gates', 'IAMRoleSelector=true',
      ], {}, where, unknownVar)
      assert.equal(got.argsError, undefined, 'an unknown boolean is not a parse error')
      assert.equal(got.enableCARM, 'true')
      assert.equal(got.watchNamespace, '', 'the last --watch-namespace wins, and it is unknown')
      assert.equal(got.featureGates, 'IAMRoleSelector=true', 'a later known flag settles it')
      assert.equal(got.origin.region, 'unknown', 'an unknown region is not a missing one')
      assert.deepEqual(got.unknown, {
        region: {via: '$(AWS_REGION)', source}, enableCARM: {via: '$(ENABLE_CARM)', source}, watchNamespace: {via: '$(WATCH)', source},
      })
      // AWS_REGION unset with an envFrom source: it may come from there (implicit look-ups ask for it).
      const implicit = settingsFromContainer(base, [], {}, where, (_name, isImplicit) => (isImplicit ? undefined : source))
      assert.deepEqual(implicit.unknown, {region: {via: 'env AWS_REGION', source}})
      assert.equal(settingsFromContainer(base, [], {}, where, () => undefined).unknown, undefined)
    })
    it('does not modify the base settings', () => {
      settingsFromContainer(base, ['--aws-region', 'x'], {}, where)
      assert.deepEqual(base, defaultSettings('s3'))
    })
  })
})
