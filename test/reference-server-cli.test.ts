import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import axios from 'axios';

const ROOT = join(__dirname, '..');

test('npm run reference-server prints a URL, token and pipeline that work together', async () => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/reference-server/main.ts')],
    {
      env: { PATH: process.env.PATH, REFERENCE_PREFIX: '/api' },
    },
  );
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ctrl-C')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const setting = (name: string) => new RegExp(`${name}=(\\S+)`).exec(banner)?.[1] ?? '';
    expect(setting('STREAMKAP_BASE_URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const response = await axios.get(`${setting('STREAMKAP_BASE_URL')}/pipelines/${setting('STREAMKAP_PIPELINE_ID')}/metrics`, {
      headers: { authorization: `Bearer ${setting('STREAMKAP_TOKEN')}` },
      proxy: false,
    });
    expect(response.status).toBe(200);
    expect(response.data).toHaveProperty('data.status', 'Active');
  } finally {
    child.kill('SIGTERM');
  }
});
