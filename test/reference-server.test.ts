import axios from 'axios';
import { startReferenceServer, type ReferenceServer } from '../src/reference-server/reference-server';
import { failedIds, runAgainst } from './support/run-against';

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  axios.get(`${server.baseUrl}${path}`, { headers, validateStatus: () => true, proxy: false });

describe('the embedded reference server', () => {
  test('passes every case of the suite', async () => {
    const verdicts = await runAgainst(server);
    expect(failedIds(verdicts)).toEqual([]);
    expect(verdicts.filter((v) => v.outcome === 'skipped')).toEqual([]);
  });

  test('passes with client credentials, exchanged once for the whole run', async () => {
    const before = server.issuedTokens.length;
    const verdicts = await runAgainst(server, { settings: { token: undefined, clientId: server.clientId, secret: server.secret } });
    expect(failedIds(verdicts)).toEqual([]);
    expect(server.issuedTokens.length - before).toBe(1);
  });

  test("answers an invalid parameter with FastAPI's 422 body", async () => {
    const response = await get(`/pipelines/${server.pipelineId}/metrics?time_unit=fortnight&time_interval=x`, {
      authorization: `Bearer ${server.token}`,
    });
    expect(response.status).toBe(422);
    expect(response.data).toEqual({
      detail: [
        expect.objectContaining({ type: 'enum', loc: ['query', 'time_unit'], input: 'fortnight', msg: expect.any(String) }),
        expect.objectContaining({ type: 'int_parsing', loc: ['query', 'time_interval'], input: 'x', msg: expect.any(String) }),
      ],
    });
  });

  test('asks for a bearer token, and refuses the limited one with 403', async () => {
    const missing = await get(`/pipelines/${server.pipelineId}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const limited = await get(`/pipelines/${server.pipelineId}/metrics`, { authorization: `Bearer ${server.limitedToken}` });
    expect(limited.status).toBe(403);
  });

  test('answers unknown routes and methods as FastAPI does', async () => {
    expect((await get('/nowhere')).status).toBe(404);
    const post = await axios.post(
      `${server.baseUrl}/pipelines/${server.pipelineId}/metrics`,
      {},
      { validateStatus: () => true, proxy: false },
    );
    expect(post.status).toBe(405);
  });

  test('refuses wrong client credentials at the token exchange', async () => {
    const response = await axios.post(
      `${server.tokenUrl}`,
      { client_id: server.clientId, secret: 'wrong' },
      { validateStatus: () => true, proxy: false },
    );
    expect(response.status).toBe(401);
  });
});
