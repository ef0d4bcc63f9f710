import { addUrlCredentials, Redactor } from '../src/redaction';

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

  test('a secret of any length is redacted; a short one only as a whole token, so ordinary text stays readable', () => {
    const short = new Redactor();
    short.add('ab', '$STREAMKAP_CLIENT_ID');
    short.add('7', '$STREAMKAP_SECRET');
    expect(short.redact('about abs, lab and tab')).toBe('about abs, lab and tab');
    expect(short.redact('client ab asked; ?client_id=ab&x=1; "ab"; Bearer ab.')).toBe(
      'client $STREAMKAP_CLIENT_ID asked; ?client_id=$STREAMKAP_CLIENT_ID&x=1; "$STREAMKAP_CLIENT_ID"; Bearer $STREAMKAP_CLIENT_ID.',
    );
    // Its other spellings too: Basic (base64 of "ab" is "YWI="), and percent-encoded.
    expect(short.redact(`Basic ${Buffer.from('ab').toString('base64')}`)).toBe('Basic $STREAMKAP_CLIENT_ID');
    expect(short.redact('took 17 ms, 7 cases, 1.7 s, secret=7')).toBe(
      'took 17 ms, $STREAMKAP_SECRET cases, 1.$STREAMKAP_SECRET s, secret=$STREAMKAP_SECRET',
    );
  });

  test('redacting twice never rewrites a placeholder, even for a secret that is a word of one', () => {
    const wordy = new Redactor();
    wordy.add('TOKEN', '$STREAMKAP_TOKEN');
    wordy.add('STREAMKAP', '$STREAMKAP_SECRET');
    wordy.add('tok-SECRET-123456', '$STREAMKAP_LIMITED_TOKEN');
    const once = wordy.redact('TOKEN tok-SECRET-123456 STREAMKAP');
    expect(once).toBe('$STREAMKAP_TOKEN $STREAMKAP_LIMITED_TOKEN $STREAMKAP_SECRET');
    expect(wordy.redact(once)).toBe(once);
  });
});

describe('addUrlCredentials', () => {
  test("a URL's user, password and both as Basic sends them are secrets; a URL without them adds nothing", () => {
    const redactor = new Redactor();
    addUrlCredentials(redactor, 'https://pusher:p%40ss-w0rd@pgw.example.com:9091/prefix', 'STREAMKAP_PUSHGATEWAY_URL');
    addUrlCredentials(redactor, 'https://pgw.example.com', 'STREAMKAP_OTHER_URL');
    addUrlCredentials(redactor, undefined, 'STREAMKAP_OTHER_URL');
    const basic = Buffer.from('pusher:p@ss-w0rd').toString('base64');
    const echoed = `PUT https://pusher:p%40ss-w0rd@pgw.example.com:9091 authorization: Basic ${basic} password p@ss-w0rd user pusher`;
    const redacted = redactor.redact(echoed);
    for (const leak of ['pusher', 'p@ss-w0rd', 'p%40ss-w0rd', basic]) expect(redacted).not.toContain(leak);
    expect(redacted).toBe(
      'PUT https://(credentials of STREAMKAP_PUSHGATEWAY_URL)@pgw.example.com:9091 authorization: Basic (credentials of STREAMKAP_PUSHGATEWAY_URL) password (password of STREAMKAP_PUSHGATEWAY_URL) user (user of STREAMKAP_PUSHGATEWAY_URL)',
    );
    expect(redactor.redact('pgw.example.com answered')).toBe('pgw.example.com answered');
  });
});
