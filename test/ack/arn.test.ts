import {strict as assert} from 'node:assert'

import {parseArn, type Arn} from '../../src/ack/arn.js'

/** aws-sdk-go-v2 aws/arn.Parse: prefix `arn:` and SplitN(s, ":", 6); nothing else is checked. */
describe('arn: parseArn mirrors aws-sdk-go-v2 arn.Parse', () => {
  const ok = (partition: string, service: string, region: string, accountID: string, resource: string): Arn =>
    ({partition, service, region, accountID, resource})
  const cases: Array<[name: string, input: string, want: Arn | string]> = [
    ['IAM role', 'arn:aws:iam::111111111111:role/ack-s3', ok('aws', 'iam', '', '111111111111', 'role/ack-s3')],
    ['role with a path', 'arn:aws:iam::111111111111:role/team/a/ack', ok('aws', 'iam', '', '111111111111', 'role/team/a/ack')],
    ['China partition accepted (no partition check)', 'arn:aws-cn:iam::222222222222:role/x', ok('aws-cn', 'iam', '', '222222222222', 'role/x')],
    ['S3 bucket: any service accepted, account empty', 'arn:aws:s3:::bucket', ok('aws', 's3', '', '', 'bucket')],
    ['resource keeps further colons', 'arn:aws:logs:us-east-1:111111111111:log-group:/a:*', ok('aws', 'logs', 'us-east-1', '111111111111', 'log-group:/a:*')],
    ['all sections empty', 'arn:::::', ok('', '', '', '', '')],
    ['non-numeric account accepted', 'arn:aws:iam::team-a:role/x', ok('aws', 'iam', '', 'team-a', 'role/x')],
    ['spaces kept', 'arn:aws:iam:: 111111111111:role/x ', ok('aws', 'iam', '', ' 111111111111', 'role/x ')],
    ['bare role name', 'role/team-a', 'arn: invalid prefix'],
    ['empty string', '', 'arn: invalid prefix'],
    ['uppercase prefix', 'ARN:aws:iam::111111111111:role/x', 'arn: invalid prefix'],
    ['leading space', ' arn:aws:iam::111111111111:role/x', 'arn: invalid prefix'],
    ['account ID only', '111111111111', 'arn: invalid prefix'],
    ['five sections', 'arn:aws:iam::111111111111', 'arn: not enough sections'],
    ['just the prefix', 'arn:', 'arn: not enough sections'],
    ['four colons', 'arn:aws:iam::', 'arn: not enough sections'],
  ]
  for (const [name, input, want] of cases) {
    it(`${name}: ${JSON.stringify(input)}`, () => {
      const got = parseArn(input)
      if (typeof want === 'string') assert.deepEqual(got, {ok: false, error: want})
      else assert.deepEqual(got, {ok: true, arn: want})
    })
  }
})
