import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getScaledValueFromIntOrPercent, intOrStringValue, parseIntOrString } from './intstr.js';

describe('getScaledValueFromIntOrPercent', () => {
  it('takes integers as they are and scales percentages of the total', () => {
    assert.equal(getScaledValueFromIntOrPercent(5, 10, true), 5);
    assert.equal(getScaledValueFromIntOrPercent('25%', 10, true), 3);
    assert.equal(getScaledValueFromIntOrPercent('25%', 10, false), 2);
    assert.equal(getScaledValueFromIntOrPercent('50%', 5, true), 3);
    assert.equal(getScaledValueFromIntOrPercent('33%', 10, true), 4);
    assert.equal(getScaledValueFromIntOrPercent('0%', 10, true), 0);
    assert.equal(getScaledValueFromIntOrPercent('150%', 10, false), 15);
    assert.equal(getScaledValueFromIntOrPercent('-50%', 10, true), -5);
  });

  it('refuses strings that are not percentages with upstream messages', () => {
    assert.throws(() => getScaledValueFromIntOrPercent('5', 10, true), {
      message: 'invalid value for IntOrString: invalid type: string is not a percentage',
    });
    assert.throws(() => getScaledValueFromIntOrPercent('abc%', 10, true), {
      message: 'invalid value for IntOrString: invalid value "abc%": strconv.Atoi: parsing "abc": invalid syntax',
    });
    assert.throws(() => getScaledValueFromIntOrPercent('%', 10, true), {
      message: 'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax',
    });
    assert.throws(() => getScaledValueFromIntOrPercent('99999999999999999999%', 10, true), {
      message:
        'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range',
    });
    assert.throws(() => getScaledValueFromIntOrPercent(undefined, 10, true), { message: 'nil value for IntOrString' });
  });
});

describe('IntOrString helpers', () => {
  it('reads values as upstream IntValue and Parse do', () => {
    assert.equal(intOrStringValue(7), 7);
    assert.equal(intOrStringValue('12'), 12);
    assert.equal(intOrStringValue('+3'), 3);
    assert.equal(intOrStringValue('x'), 0);
    assert.equal(parseIntOrString('10'), 10);
    assert.equal(parseIntOrString('10%'), '10%');
  });
});
