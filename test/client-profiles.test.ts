/**
 * Each client profile's request carries exactly that client's headers: what the profile names is
 * sent as written, and what it leaves out is not sent at all (no library default in its place).
 */
import http from 'node:http';
import { loadContract } from '../src/contract';
import { createRunContext } from '../src/engine/run-context';
import { sendCase } from '../src/engine/send-case';
import { CLIENT_PROFILE_SPECS } from '../src/http/client-profiles';
import { CLIENT_PROFILES, type Case } from '../src/model';
import { loadSettings } from '../src/settings';

const contract = loadContract();
const PIPELINE = '65f0c0ffee0000000000abcd';
const PROFILED = ['accept', 'accept-encoding', 'user-agent'] as const;

test.each(CLIENT_PROFILES.map((profile) => [profile]))('the %s profile sends its headers and no others of its kind', async (profile) => {
  const seen: Array<Record<string, string | undefined>> = [];
  const server = http.createServer((request, response) => {
    seen.push(Object.fromEntries(PROFILED.map((name) => [name, request.headers[name] as string | undefined])));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{},"metadata":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const settings = loadSettings({
    STREAMKAP_BASE_URL: baseUrl,
    STREAMKAP_TOKEN: 'client-profiles-token-01',
    STREAMKAP_PIPELINE_ID: PIPELINE,
  });
  const context = createRunContext({ ...settings, baseUrl, pipelineId: PIPELINE }, { contract });
  const testCase: Case = { id: 'accept.defaults', title: 'no query parameters', tier: 'accept', tags: [], profile };
  try {
    await sendCase(context, { testCase });
  } finally {
    context.close();
    await new Promise((resolve) => server.close(resolve));
  }
  const expected = Object.fromEntries(PROFILED.map((name) => [name, CLIENT_PROFILE_SPECS[profile].headers[name] || undefined]));
  expect(seen).toEqual([expected]);
});
