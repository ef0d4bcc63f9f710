import { Redactor } from '../src/redaction';

describe('Redactor', () => {
  const redactor = new Redactor();
  redactor.add('tok-SECRET-123456', '$STREAMKAP_TOKEN');
  redactor.add('sec-abcdef', '$STREAMKAP_SECRET');

  test('replaces each secret, plain, base64 and percent-encoded', () => {
    const basic = Buffer.from('tok-SECRET-123456').toString('base64');
    expect(redactor.redact(`Bearer tok-SECRET-123456 / Basic ${basic} / sec-abcdef`)).toBe(
      'Bearer $STREAMKAP_TOKEN / Basic $STREAMKAP_TOKEN / $STREAMKAP_SECRET',
    );
  });

  test('replaces the spellings an echo may use: lower-case percent-encoding, JSON with escaped slashes', () => {
    const slashy = new Redactor();
    slashy.add('ab/cd+ef==', '$STREAMKAP_TOKEN');
    expect(slashy.redact('q=ab%2fcd%2bef%3d%3d')).toBe('q=$STREAMKAP_TOKEN');
    expect(slashy.redact('q=ab%2Fcd%2Bef%3D%3D')).toBe('q=$STREAMKAP_TOKEN');
    expect(slashy.redact('{"token":"ab\\/cd+ef=="}')).toBe('{"token":"$STREAMKAP_TOKEN"}');
  });

  test('redacts every string of a nested value, keys included, without changing the original', () => {
    const original = { headers: { 'x-echo': 'tok-SECRET-123456' }, list: ['sec-abcdef', 3], ['tok-SECRET-123456']: true };
    expect(redactor.redactDeep(original)).toEqual({
      headers: { 'x-echo': '$STREAMKAP_TOKEN' },
      list: ['$STREAMKAP_SECRET', 3],
      $STREAMKAP_TOKEN: true,
    });
    expect(original.headers['x-echo']).toBe('tok-SECRET-123456');
  });

  test('ignores values too short to be secrets, which would mangle ordinary text', () => {
    const short = new Redactor();
    short.add('ab', '$X');
    expect(short.redact('about')).toBe('about');
  });
});
