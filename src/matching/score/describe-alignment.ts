/**
 * Words for an alignment, for the `detail` of a reason (docs/design.md §3: "nickname Danny ↔ Daniel;
 * middle name absent"). Officers read these, so they name the parts, not the algorithm.
 */
import type { NameToken } from '../normalise/name-token.js'
import type { Alignment } from './name-alignment.js'

function show(tokens: readonly NameToken[], indexes: readonly number[]): string {
  return indexes.map((i) => tokens[i]?.text ?? '').join(' ')
}

function someDecisive(tokens: readonly NameToken[], indexes: readonly number[]): boolean {
  return indexes.some((i) => tokens[i] !== undefined && !tokens[i].particle && !tokens[i].numeric)
}

/** Parts on one side only: a surname among them is named as such, being a conflict, not an absence. */
function describeOneSided(parts: string[], tokens: readonly NameToken[], extra: readonly number[], surname: number, absent: string): void {
  if (surname >= 0) parts.push(`surname ${tokens[surname]?.text ?? ''} has no counterpart`)
  const others = surname >= 0 ? extra.filter((i) => i !== surname) : extra
  if (others.length > 0) parts.push(`${show(tokens, others)} ${absent}`)
}

export function describeAlignment(a: readonly NameToken[], b: readonly NameToken[], alignment: Alignment, partWord: string): string {
  const parts: string[] = []
  let exact = 0
  for (const pair of alignment.pairs) {
    const left = show(a, pair.a)
    const right = show(b, pair.b)
    switch (pair.how) {
      case 'exact':
        exact++
        break
      case 'nickname':
        parts.push(`nickname ${left} ↔ ${right}`)
        break
      case 'cognate':
        parts.push(`related name ${left} ↔ ${right}`)
        break
      case 'initial':
        parts.push(`initial ${left} ↔ ${right}`)
        break
      case 'phonetic':
        parts.push(`${left} sounds like ${right}`)
        break
      case 'fuzzy':
        parts.push(`${left} ≈ ${right} (spelling differs)`)
        break
      case 'abbreviation':
        parts.push(`${left} abbreviates ${right}`)
        break
      case 'joined':
        parts.push(`${left} = ${right} (written together)`)
        break
      case 'none':
        break
    }
  }
  if (exact > 0) {
    parts.unshift(
      exact === alignment.pairs.length && exact > 1 ? `all ${exact} ${partWord}s agree` : exact === 1 ? `1 ${partWord} agrees` : `${exact} ${partWord}s agree`,
    )
  }
  // As in scoring: a particle or number left over on one side ("the") makes no conflict.
  const conflict = someDecisive(a, alignment.extraA) && someDecisive(b, alignment.extraB)
  if (conflict) {
    parts.push(`${show(a, alignment.extraA)} ≠ ${show(b, alignment.extraB)}`)
  } else {
    if (alignment.extraA.length > 0) describeOneSided(parts, a, alignment.extraA, alignment.surnameA, 'absent from the register entry')
    if (alignment.extraB.length > 0) describeOneSided(parts, b, alignment.extraB, alignment.surnameB, 'absent from the submitted name')
  }
  return parts.join('; ')
}
