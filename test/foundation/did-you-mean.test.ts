import { closestMatch, editDistance } from '../../foundation/did-you-mean';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['us-east-1', 'us-east-1', 0],
    ['eu-wset-2', 'eu-west-2', 2],
  ])('%s → %s is %d edits', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('closestMatch', () => {
  const regions = ['us-east-1', 'us-east-2', 'eu-west-2', 'ap-southeast-1'];

  test('offers the closest candidate within the allowed edits, the first of equals', () => {
    expect(closestMatch('eu-wset-2', regions, { charactersPerEdit: 4 })).toBe('eu-west-2');
    expect(closestMatch('us-east-9', regions, { charactersPerEdit: 4 })).toBe('us-east-1');
  });

  test('offers nothing when the value is too far from every candidate', () => {
    expect(closestMatch('mars-north-1', regions, { charactersPerEdit: 4 })).toBeUndefined();
    expect(closestMatch('x', [], { charactersPerEdit: 4 })).toBeUndefined();
  });

  test('allows max(2, length / charactersPerEdit) edits', () => {
    // 12 characters: 3 edits per 4, 4 per 3.
    expect(closestMatch('abcdefghijkl', ['abcdefghiXYZ'], { charactersPerEdit: 4 })).toBe('abcdefghiXYZ');
    expect(closestMatch('abcdefghijkl', ['abcdefghWXYZ'], { charactersPerEdit: 4 })).toBeUndefined();
    expect(closestMatch('abcdefghijkl', ['abcdefghWXYZ'], { charactersPerEdit: 3 })).toBe('abcdefghWXYZ');
    // Short values still get two edits.
    expect(closestMatch('ab', ['ba'], { charactersPerEdit: 4 })).toBe('ba');
  });

  test('ignoreCase compares folded and returns the candidate as given', () => {
    expect(closestMatch('REQUESTERS', ['requesters', 'agents'], { charactersPerEdit: 3, ignoreCase: true })).toBe('requesters');
    expect(closestMatch('REQUESTERS', ['requesters'], { charactersPerEdit: 3 })).toBeUndefined();
  });
});
