import { writeFileSync } from 'node:fs';
import { createVerifyLab } from './verify-lab-setup.js';
import { statsSocketArgv } from '../../src/deploy/verify-probe-script.js';
import { waitFor } from '../lab/index.js';
const v = await createVerifyLab();
try {
  console.log(v.timings);
  const stat = async () => (await v.lab.exec('lb1', statsSocketArgv('/run/haproxy/admin.sock', 'show stat'))).stdout;
  writeFileSync('/tmp/cap-stat-up.csv', await stat());
  writeFileSync('/tmp/cap-ip-r1.json', (await v.lab.exec('r1', ['ip','-j','addr','show'])).stdout);
  await v.lab.exec('cp2', ['pkill', '-x', 'openssl']);
  await waitFor(async () => (await stat()).split('\n').some(l => l.includes(',cp2,') && l.includes('DOWN')), { timeoutMs: 20000, intervalMs: 200, what: 'cp2 down' });
  writeFileSync('/tmp/cap-stat-down.csv', await stat());
} finally { console.log((await v.lab.destroy()).downMs); }
