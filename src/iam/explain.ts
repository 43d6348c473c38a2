import type {EvalResult, StatementResult} from './evaluate.js'

/**
 * Reasons, in words, for one evaluation: which statement allowed or denied, which condition failed,
 * what the decision depends on. `subject` names the request (`sts:AssumeRole on arn:...`).
 */
export function explainEvaluation(result: EvalResult, subject: string, nothing: string): string[] {
  const line = (s: StatementResult, verb: string) => `${s.label} ${verb}: ${s.why}`
  switch (result.decision) {
    case 'allow':
      return result.decisive.map((s) => line(s, `allows ${subject}`))
    case 'explicit-deny':
      return result.decisive.map((s) => line(s, `denies ${subject} (an explicit Deny wins)`))
    case 'unknown':
      return result.decisive.map((s) => line(s, `may ${s.effect === 'Allow' ? 'allow' : 'deny'} ${subject} (undecided)`))
    case 'implicit-deny': {
      if (result.decisive.length === 0) return [nothing]
      return result.decisive.map((s) => line(s, 'does not apply'))
    }
  }
}
