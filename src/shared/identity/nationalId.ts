/**
 * The Norwegian national identity number (fødselsnummer, 11 digits DDMMYY III K1 K2) and the
 * D-number (the same with 4 added to the first digit of the day). Valid when its birth date
 * exists in the century its individual number gives and both mod-11 control digits match
 * (Skatteetaten's rules; the weights below).
 */

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The mod-11 control digit over `digits` with `weights`; null when it would be 10 (no such number). */
function controlDigit(digits: readonly number[], weights: readonly number[]): number | null {
  const sum = weights.reduce((total, weight, index) => total + weight * digits[index]!, 0);
  const digit = 11 - (sum % 11);
  if (digit === 11) return 0;
  return digit === 10 ? null : digit;
}

/** The full birth year from the two-digit year and the individual number, or null when none fits. */
function birthYear(yy: number, individual: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  if (yy <= 39) return 2000 + yy;
  return null;
}

export type NationalIdKind = 'fødselsnummer' | 'd-number';

/** What a valid number says; null when the number is not valid. */
export function parseNationalId(text: string): { kind: NationalIdKind; birthDate: string } | null {
  if (!/^\d{11}$/.test(text)) return null;
  const digits = [...text].map(Number);
  const k1 = controlDigit(digits, K1_WEIGHTS);
  if (k1 === null || k1 !== digits[9]) return null;
  const k2 = controlDigit(digits, K2_WEIGHTS);
  if (k2 === null || k2 !== digits[10]) return null;
  const dayField = Number(text.slice(0, 2));
  const kind: NationalIdKind = dayField > 40 ? 'd-number' : 'fødselsnummer';
  const day = kind === 'd-number' ? dayField - 40 : dayField;
  const month = Number(text.slice(2, 4));
  const year = birthYear(Number(text.slice(4, 6)), Number(text.slice(6, 9)));
  if (year === null || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { kind, birthDate: date.toISOString().slice(0, 10) };
}

export const isValidNationalId = (text: string): boolean => parseNationalId(text) !== null;

/** The two control digits for the first nine digits, or null when no valid number starts so. */
export function nationalIdControlDigits(firstNine: string): string | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  const digits = [...firstNine].map(Number);
  const k1 = controlDigit(digits, K1_WEIGHTS);
  if (k1 === null) return null;
  const k2 = controlDigit([...digits, k1], K2_WEIGHTS);
  return k2 === null ? null : `${k1}${k2}`;
}
