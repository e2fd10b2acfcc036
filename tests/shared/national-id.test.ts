import { describe, expect, it } from 'vitest';
import {
  isValidNationalId,
  nationalIdControlDigits,
  parseNationalId,
} from '../../src/shared/identity/nationalId';

/**
 * Published examples: the test lists of python-stdnum / stdnum-js (`no/fodselsnummer`), which
 * check the same two mod-11 control digits. No number here belongs to a patient of ours.
 */
const PUBLISHED_VALID = ['11111598403', '23114048690', '15108695088', '01010750160', '30042099941'];
const PUBLISHED_INVALID = ['15108695077', '11111234567', '45014054018', '1234123456', ''];

describe('national identity number (fødselsnummer, D-number)', () => {
  it.each(PUBLISHED_VALID)('accepts the published valid number %s', (number) => {
    expect(isValidNationalId(number)).toBe(true);
  });

  it.each(PUBLISHED_INVALID)('refuses the published invalid number "%s"', (number) => {
    expect(isValidNationalId(number)).toBe(false);
  });

  it('reads the birth date and its century from the individual number', () => {
    expect(parseNationalId('15108695088')).toEqual({ kind: 'fødselsnummer', birthDate: '1986-10-15' });
    expect(parseNationalId('30042099941')).toEqual({ kind: 'fødselsnummer', birthDate: '2020-04-30' });
  });

  it('accepts a D-number (day + 40) with its own control digits, and refuses a changed digit', () => {
    const firstNine = '551086950'; // the day of 15108695088 plus 40
    const control = nationalIdControlDigits(firstNine)!;
    const dNumber = `${firstNine}${control}`;
    expect(parseNationalId(dNumber)).toEqual({ kind: 'd-number', birthDate: '1986-10-15' });
    // The fødselsnummer's control digits do not fit the D-number: the day is part of the sum.
    expect(isValidNationalId(`${firstNine}88`)).toBe(control === '88');
    for (let position = 0; position < 11; position++) {
      const changed = [...dNumber];
      changed[position] = String((Number(changed[position]) + 1) % 10);
      expect(isValidNationalId(changed.join(''))).toBe(false);
    }
  });

  it('refuses a date that does not exist even when the control digits fit', () => {
    /** A number for the date with fitting control digits (the first individual number that has them). */
    const withControl = (ddmmyy: string) => {
      for (let individual = 100; individual < 500; individual++) {
        const firstNine = `${ddmmyy}${individual}`;
        const control = nationalIdControlDigits(firstNine);
        if (control !== null) return `${firstNine}${control}`;
      }
      throw new Error('no individual number fits');
    };
    expect(isValidNationalId(withControl('310286'))).toBe(false); // 31 February
    expect(isValidNationalId(withControl('290286'))).toBe(false); // 1986 is no leap year
    expect(isValidNationalId(withControl('290284'))).toBe(true); // 1984 is
    expect(isValidNationalId(withControl('011386'))).toBe(false); // month 13
  });

  it('never yields a control digit of 10: such first nine digits start no valid number', () => {
    let refused = 0;
    for (let individual = 0; individual < 500; individual++) {
      const firstNine = `010190${String(individual).padStart(3, '0')}`;
      const control = nationalIdControlDigits(firstNine);
      if (control === null) refused++;
      else expect(isValidNationalId(`${firstNine}${control}`)).toBe(true);
    }
    // Roughly one in eleven for each of the two digits.
    expect(refused).toBeGreaterThan(50);
    expect(refused).toBeLessThan(125);
  });
});
