import {strict as assert} from 'node:assert'

import {
  CARM_IGNORED_NAMESPACES, GATE_DEFAULTS, defaultSettings, namespaceNameErrors, parseFeatureGates, parseWatchNamespaces,
  validateController,
} from '../../src/ack/controller.js'
import {Resolver} from '../../src/ack/resolver.js'
import type {ControllerSettings} from '../../src/core/types.js'

const settings = (over: Partial<ControllerSettings>): ControllerSettings =>
  ({...defaultSettings('s3'), accountID: '999999999999', region: 'us-east-1', ...over})

const REGION_MISSING = 'unable to start service controller as AWS region is missing. Please pass --aws-region flag or set AWS_REGION environment variable'
const UNSAFE = 'using an unsafe endpoint is not allowed. Please review the controller configuration'
const INVALID_ENDPOINT = 'invalid service endpoint. Please refer to https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html for more details'
const INVALID_IDENTITY = 'invalid identity endpoint. Please refer to https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html for more details'
const IRS_AND_CARM = "cannot enable feature gate 'IAMRoleSelector' when flag 'enable-carm' is set to true"
const LABEL_REGEX = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

describe('controller: start-up validation (spec §1)', () => {
  describe('validateController: the text the controller exits with, first failure wins', () => {
    const cases: Array<[name: string, over: Partial<ControllerSettings>, want: string | undefined]> = [
      ['defaults start', {}, undefined],
      ['region missing', {region: ''}, REGION_MISSING],
      ['region unknown (no Deployment in the input) is not predicted as missing', {region: '', origin: {region: 'unknown'}}, undefined],
      ['http endpoint refused', {endpointURL: 'http://localstack:4566'}, UNSAFE],
      ['HTTP (any case) endpoint refused', {endpointURL: 'HTTP://localstack:4566'}, UNSAFE],
      ['http endpoint allowed with --allow-unsafe-aws-endpoint-urls', {endpointURL: 'http://localstack:4566', allowUnsafeEndpointURLs: true}, undefined],
      ['https endpoint accepted', {endpointURL: 'https://localhost.localstack.cloud:4566'}, undefined],
      ['host:port without scheme passes (Go parses it as scheme + opaque)', {endpointURL: 'localstack:4566'}, undefined],
      ['unparsable endpoint', {endpointURL: 'https://localstack:45x6'}, INVALID_ENDPOINT],
      ['endpoint with a space in the host', {endpointURL: 'http://local stack'}, INVALID_ENDPOINT],
      ['unparsable endpoint wins over unsafe check', {endpointURL: '://x', allowUnsafeEndpointURLs: false}, INVALID_ENDPOINT],
      ['identity endpoint over http refused', {identityEndpointURL: 'http://localstack:4566'}, UNSAFE],
      ['identity endpoint unparsable', {identityEndpointURL: 'https://h:x'}, INVALID_IDENTITY],
      ['service endpoint checked before identity endpoint', {endpointURL: 'https://h:x', identityEndpointURL: 'https://h:y'}, INVALID_ENDPOINT],
      ['region checked before endpoint', {region: '', endpointURL: 'http://x'}, REGION_MISSING],
      ['gate without =', {featureGates: 'IAMRoleSelector'}, "invalid value for flag 'feature-gates': invalid feature gate format: IAMRoleSelector"],
      ['gate with empty name (whole string trimmed first)', {featureGates: ' =true'}, "invalid value for flag 'feature-gates': invalid feature gate name: =true"],
      ['gate with empty name, item printed untrimmed', {featureGates: 'TeamLevelCARM=true, =true'}, "invalid value for flag 'feature-gates': invalid feature gate name:  =true"],
      ['gate with bad value', {featureGates: 'TeamLevelCARM=yes'}, "invalid value for flag 'feature-gates': invalid feature gate value for TeamLevelCARM: yes"],
      ['gate value printed trimmed', {featureGates: 'TeamLevelCARM = on '}, "invalid value for flag 'feature-gates': invalid feature gate value for TeamLevelCARM: on"],
      ['gate with empty value', {featureGates: 'TeamLevelCARM='}, "invalid value for flag 'feature-gates': invalid feature gate value for TeamLevelCARM: "],
      ['trailing comma is an empty item', {featureGates: 'TeamLevelCARM=true,'}, "invalid value for flag 'feature-gates': invalid feature gate format: "],
      ['unknown gate', {featureGates: 'CARMv2=true'}, 'error overriding feature gates: unknown feature gate: CARMv2'],
      ['gate names are case-sensitive', {featureGates: 'iamroleselector=true'}, 'error overriding feature gates: unknown feature gate: iamroleselector'],
      ['parse errors come before unknown gates', {featureGates: 'Nope=true,TeamLevelCARM=maybe'}, "invalid value for flag 'feature-gates': invalid feature gate value for TeamLevelCARM: maybe"],
      ['IAMRoleSelector with enable-carm default true', {featureGates: 'IAMRoleSelector=true'}, IRS_AND_CARM],
      ['IAMRoleSelector with enable-carm=false starts', {featureGates: 'IAMRoleSelector=true', enableCARM: 'false'}, undefined],
      ['IAMRoleSelector=false with CARM starts', {featureGates: 'IAMRoleSelector=false'}, undefined],
      ['enable-carm not a boolean', {enableCARM: 'no'}, 'invalid argument "no" for "--enable-carm" flag: strconv.ParseBool: parsing "no": invalid syntax'],
      ['enable-carm empty', {enableCARM: ''}, 'invalid argument "" for "--enable-carm" flag: strconv.ParseBool: parsing "": invalid syntax'],
      ['enable-carm parse error comes first (flag parsing)', {enableCARM: 'yes', region: ''}, 'invalid argument "yes" for "--enable-carm" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
      ['pflag args error comes first of all', {argsError: 'flag needs an argument: --aws-region', enableCARM: 'yes'}, 'flag needs an argument: --aws-region'],
      ['enable-carm spellings: F', {enableCARM: 'F', featureGates: 'IAMRoleSelector=1'}, undefined],
      ['watch-namespace empty entry', {watchNamespace: 'a,,b'}, 'invalid namespace: empty namespace'],
      ['watch-namespace trailing comma', {watchNamespace: 'team-a,'}, 'invalid namespace: empty namespace'],
      ['watch-namespace duplicate', {watchNamespace: 'team-a,team-b,team-a'}, "duplicate namespace 'team-a'"],
      ['watch-namespace invalid name', {watchNamespace: 'Team-A'}, `invalid namespace 'Team-A': [${LABEL_REGEX}]`],
      ['watch-namespace with a space (not trimmed)', {watchNamespace: 'team-a, team-b'}, `invalid namespace ' team-b': [${LABEL_REGEX}]`],
      ['watch-namespace with a dot', {watchNamespace: 'team.a'}, "invalid namespace 'team.a': [must not contain dots]"],
      ['watch-namespace too long', {watchNamespace: 'a'.repeat(64)}, "invalid namespace '" + 'a'.repeat(64) + "': [must be no more than 63 characters]"],
      ['IAMRoleSelector/CARM conflict comes before watch-namespace', {featureGates: 'IAMRoleSelector=true', watchNamespace: ','}, IRS_AND_CARM],
    ]
    for (const [name, over, want] of cases) {
      it(name, () => assert.equal(validateController(settings(over)).startupError, want))
    }
  })

  describe('validateController: derived switches', () => {
    const cases: Array<[name: string, over: Partial<ControllerSettings>, want: {enableCARM: boolean; carmRunning: boolean; irsRunning: boolean; watchNamespaces: string[]}]> = [
      ['defaults: CARM on, all namespaces', {}, {enableCARM: true, carmRunning: true, irsRunning: false, watchNamespaces: []}],
      ['single watch namespace: CARM flag stays true, caches do not run', {watchNamespace: 'prod'}, {enableCARM: true, carmRunning: false, irsRunning: false, watchNamespaces: ['prod']}],
      ['two watch namespaces: CARM caches run', {watchNamespace: 'prod,dev'}, {enableCARM: true, carmRunning: true, irsRunning: false, watchNamespaces: ['prod', 'dev']}],
      ['enable-carm=false', {enableCARM: 'false'}, {enableCARM: false, carmRunning: false, irsRunning: false, watchNamespaces: []}],
      ['IAMRoleSelector: independent of the watch scope', {enableCARM: 'false', featureGates: 'IAMRoleSelector=true', watchNamespace: 'prod'}, {enableCARM: false, carmRunning: false, irsRunning: true, watchNamespaces: ['prod']}],
    ]
    for (const [name, over, want] of cases) {
      it(name, () => {
        const c = validateController(settings(over))
        assert.equal(c.startupError, undefined)
        assert.deepEqual({enableCARM: c.enableCARM, carmRunning: c.carmRunning, irsRunning: c.irsRunning, watchNamespaces: c.watchNamespaces}, want)
      })
    }
    it('gates start from the runtime defaults and take overrides', () => {
      const c = validateController(settings({featureGates: 'TeamLevelCARM=true,ResourceAdoption=false'}))
      assert.deepEqual(c.gates, {ResourceAdoption: false, ReadOnlyResources: true, TeamLevelCARM: true, ServiceLevelCARM: false, IAMRoleSelector: false})
    })
  })

  describe('parseFeatureGates: TrimSpace on the string, names and values; ParseBool values; last one wins', () => {
    const cases: Array<[name: string, raw: string, want: Record<string, boolean> | string]> = [
      ['empty', '', {}],
      ['only spaces', '   ', {}],
      ['whitespace and case tolerated', ' IAMRoleSelector = TRUE ', {IAMRoleSelector: true}],
      ['several gates', 'TeamLevelCARM=true,ServiceLevelCARM=t,ResourceAdoption=0', {TeamLevelCARM: true, ServiceLevelCARM: true, ResourceAdoption: false}],
      ['tabs around items', 'TeamLevelCARM=true,\tServiceLevelCARM=F\t', {TeamLevelCARM: true, ServiceLevelCARM: false}],
      ['duplicate: last wins', 'TeamLevelCARM=true,TeamLevelCARM=false', {TeamLevelCARM: false}],
      ['value with = inside is a bad value', 'TeamLevelCARM=true=1', 'invalid feature gate value for TeamLevelCARM: true=1'],
      ['unknown names parse (rejected later)', 'Whatever=true', {Whatever: true}],
      ['no = in second item', 'TeamLevelCARM=true,ServiceLevelCARM', 'invalid feature gate format: ServiceLevelCARM'],
      ['item printed untrimmed in the format error', 'A=true, B ', 'invalid feature gate format:  B'],
      ['empty name', '=true', 'invalid feature gate name: =true'],
      ['"yes" is not a Go boolean', 'TeamLevelCARM=yes', 'invalid feature gate value for TeamLevelCARM: yes'],
      ['byte-order mark is not trimmed: part of the name', '\ufeffTeamLevelCARM=true', {'\ufeffTeamLevelCARM': true}],
    ]
    for (const [name, raw, want] of cases) {
      it(name, () => {
        const got = parseFeatureGates(raw)
        if (typeof want === 'string') assert.deepEqual(got, {ok: false, error: want})
        else {
          assert.ok(got.ok)
          assert.deepEqual(Object.fromEntries(got.gates), want)
        }
      })
    }
  })

  describe('parseWatchNamespaces', () => {
    const cases: Array<[raw: string, want: string[] | string]> = [
      ['', []],
      ['prod', ['prod']],
      ['prod,dev', ['prod', 'dev']],
      [',', 'invalid namespace: empty namespace'],
      [' ', `invalid namespace ' ': [${LABEL_REGEX}]`],
      ['prod,prod', "duplicate namespace 'prod'"],
      ['-prod', `invalid namespace '-prod': [${LABEL_REGEX}]`],
      ['prod-', `invalid namespace 'prod-': [${LABEL_REGEX}]`],
      ['123', ['123']],
    ]
    for (const [raw, want] of cases) {
      it(JSON.stringify(raw), () => {
        const got = parseWatchNamespaces(raw)
        assert.deepEqual(got, typeof want === 'string' ? {ok: false, error: want} : {ok: true, namespaces: want})
      })
    }
  })

  describe('namespaceNameErrors (apimachinery IsDNS1123Label)', () => {
    const cases: Array<[name: string, input: string, want: string[]]> = [
      ['valid', 'team-a', []],
      ['63 characters is fine', 'a'.repeat(63), []],
      ['64 characters', 'a'.repeat(64), ['must be no more than 63 characters']],
      ['uppercase', 'Prod', [LABEL_REGEX]],
      ['dots: a subdomain but not a label', 'a.b', ['must not contain dots']],
      ['too long with dots', `${'a'.repeat(40)}.${'b'.repeat(40)}`, ['must be no more than 63 characters', 'must not contain dots']],
      ['underscore', 'team_a', [LABEL_REGEX]],
      ['length counted in bytes like Go', 'é'.repeat(32), ['must be no more than 63 characters', LABEL_REGEX]],
    ]
    for (const [name, input, want] of cases) it(name, () => assert.deepEqual(namespaceNameErrors(input), want))
  })

  it('a service nobody gave settings for resolves with the controller defaults: CARM on, region unknown (no start-up error)', () => {
    const resolver = new Resolver({
      namespaces: [{name: 'payments', labels: {}, annotations: {'services.k8s.aws/owner-account-id': '111111111111'}}],
      configMaps: [{name: 'ack-role-account-map', namespace: 'ack-system', data: {'111111111111': 'arn:aws:iam::111111111111:role/r'}}],
      selectors: [],
    }, [])
    const got = resolver.resolve({group: 'sqs.services.k8s.aws', version: 'v1alpha1', kind: 'Queue', namespace: 'payments', labels: {}, annotations: {}, status: null, hasReferences: false})
    assert.deepEqual([got.outcome, got.roleARN, got.source, got.region], ['ASSUME_ROLE', 'arn:aws:iam::111111111111:role/r', 'carm-account', ''])
  })

  it('gate defaults are the runtime defaults', () => {
    assert.deepEqual(GATE_DEFAULTS, {ResourceAdoption: true, ReadOnlyResources: true, TeamLevelCARM: false, ServiceLevelCARM: false, IAMRoleSelector: false})
  })
  it('CARM ignores kube-system, kube-public and kube-node-lease only', () => {
    assert.deepEqual([...CARM_IGNORED_NAMESPACES].sort(), ['kube-node-lease', 'kube-public', 'kube-system'])
  })
})
