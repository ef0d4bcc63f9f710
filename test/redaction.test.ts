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

  test('a user shorter than a secret can be is hidden only with its password: alone it would stand for every "ab" in the text', () => {
    const redactor = new Redactor();
    addUrlCredentials(redactor, 'https://ab:long-enough-password@pgw.example.com', 'STREAMKAP_PUSHGATEWAY_URL');
    const basic = Buffer.from('ab:long-enough-password').toString('base64');
    expect(redactor.redact(`ab and Basic ${basic}, ab:long-enough-password`)).toBe(
      'ab and Basic (credentials of STREAMKAP_PUSHGATEWAY_URL), (credentials of STREAMKAP_PUSHGATEWAY_URL)',
    );
  });
});

/** Encodings as outputs and echoing servers apply them, written here apart from the redactor's own. */
const json = (text: string) => JSON.stringify(text).slice(1, -1);
const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const numericHtml = (text: string) => text.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`);
const hexHtml = (text: string) => text.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
const goJson = (text: string) => json(text).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
const percent = (text: string) => encodeURIComponent(text);
const lowerPercent = (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
const form = (text: string) => new URLSearchParams({ q: text }).toString().slice(2);
const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const ENCODINGS: Record<string, (text: string) => string> = {
  raw: (text) => text,
  json,
  'json with escaped slashes': (text) => json(text).replace(/\//g, '\\/'),
  'json as Go writes it': goJson,
  html,
  'numeric html': numericHtml,
  'hex html': hexHtml,
  percent,
  'lower-case percent': lowerPercent,
  form,
  base64,
  base64url,
  'json of json': (text) => json(json(text)),
  'html of json': (text) => html(json(text)),
  'json of html': (text) => json(html(text)),
  'json of percent': (text) => json(percent(text)),
  'html of percent': (text) => html(form(text)),
  'percent of json': (text) => percent(json(text)),
  'html of html': (text) => html(html(text)),
  'json of base64': (text) => json(base64(text)),
};

describe('Redactor: every spelling, every length', () => {
  // Short ones with regular-expression marks and characters every encoding changes.
  const SECRETS = ['$1(', 'a.b*', 'Zq7^|', `x"<&'/`, 'T\\+=%2B', 'a+b/c=d?', 'tok-SECRET-0123456789/+=&"<>'];

  test.each(Object.keys(ENCODINGS))(
    '%s: each secret is replaced wherever it stands as a token, after a space or an escape of one',
    (name) => {
      const encode = ENCODINGS[name] as (text: string) => string;
      for (const secret of SECRETS) {
        const redactor = new Redactor();
        redactor.add(secret, '$STREAMKAP_TOKEN');
        const spelled = encode(secret);
        // After a space, a tab escaped as JSON does it (once and twice), and as a URL does it.
        for (const before of [' ', '\\t', '\\\\t', '\\u0009', '%09', '%2509', '+', '&#9;', '"', '=']) {
          const text = `{"detail":"Bearer${before}${spelled}","x":1}`;
          const redacted = redactor.redact(text);
          expect({ secret, before, redacted }).toEqual({ secret, before, redacted: `{"detail":"Bearer${before}$STREAMKAP_TOKEN","x":1}` });
        }
      }
    },
  );

  test('a value that mixes encodings, one character this way and the next that way, is still the secret', () => {
    const redactor = new Redactor();
    redactor.add(`x"<&'/`, '$STREAMKAP_TOKEN');
    expect(redactor.redact('token x\\"&lt;%26&#x27;\\/ echoed')).toBe('token $STREAMKAP_TOKEN echoed');
  });

  test('a short secret inside a longer word is another word: ordinary text stays readable', () => {
    const redactor = new Redactor();
    redactor.add('abc', '$STREAMKAP_CLIENT_ID');
    expect(redactor.redact('abcd xabc 7abc abc_ labc')).toBe('abcd xabc 7abc abc_ labc');
    expect(redactor.redact('"abc" abc. (abc) \\tabc %20abc')).toBe(
      '"$STREAMKAP_CLIENT_ID" $STREAMKAP_CLIENT_ID. ($STREAMKAP_CLIENT_ID) \\t$STREAMKAP_CLIENT_ID %20$STREAMKAP_CLIENT_ID',
    );
  });

  test('a short token inside an encoded header the run sent is found through that header', () => {
    const redactor = new Redactor();
    redactor.add('Zq7', '$STREAMKAP_TOKEN', ['Bearer Zq7', 'Bearer\tZq7']);
    for (const header of ['Bearer Zq7', 'Bearer\tZq7']) {
      for (const encode of [base64, base64url]) {
        expect(redactor.redact(`seen ${encode(header)} and ${encode(`x-echo: ${header}`)}`)).not.toMatch(
          new RegExp(`${encode(header)}|${encode('Zq7')}`),
        );
      }
    }
  });

  test("a long secret is found inside any base64 value that holds it, at every byte's alignment", () => {
    const secret = 'tok-SECRET-0123456789';
    const redactor = new Redactor();
    redactor.add(secret, '$STREAMKAP_TOKEN');
    for (const id of ['', 'a', 'ab', 'abc', 'user']) {
      for (const encode of [base64, base64url]) {
        const encoded = encode(`${id}:${secret}:tail`);
        const redacted = redactor.redact(`Basic ${encoded}`);
        expect(redacted).toContain('$STREAMKAP_TOKEN');
        // What is left around the placeholder is at most the two characters that mix its bits with the neighbours'.
        expect(redacted.replace('$STREAMKAP_TOKEN', '').length).toBeLessThanOrEqual(`Basic ${encoded}`.length - secret.length);
      }
    }
  });
});
