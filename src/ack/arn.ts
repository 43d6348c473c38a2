/** An ARN split the way aws-sdk-go-v2 `aws/arn.Parse` splits it. */
export interface Arn {
  partition: string
  service: string
  region: string
  accountID: string
  resource: string
}

export type ArnParse = {ok: true; arn: Arn} | {ok: false; error: string}

/**
 * Mirrors aws-sdk-go-v2 `arn.Parse`: the prefix `arn:` and six colon-separated sections
 * (`SplitN(s, ":", 6)`); nothing else is checked, so `arn:aws:s3:::bucket` parses with account `""`.
 * Error texts are the SDK's own: `arn: invalid prefix`, `arn: not enough sections`.
 */
export function parseArn(value: string): ArnParse {
  if (!value.startsWith('arn:')) return {ok: false, error: 'arn: invalid prefix'}
  const sections: string[] = []
  let rest = value
  while (sections.length < 5) {
    const i = rest.indexOf(':')
    if (i < 0) return {ok: false, error: 'arn: not enough sections'}
    sections.push(rest.slice(0, i))
    rest = rest.slice(i + 1)
  }
  sections.push(rest)
  return {
    ok: true,
    arn: {partition: sections[1], service: sections[2], region: sections[3], accountID: sections[4], resource: sections[5]},
  }
}
