import { createVerifyLab } from './verify-lab-setup.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { formatVerifyText } from '../../src/deploy/verify-report.js';
const v = await createVerifyLab();
try {
  console.log(v.timings);
  for (const f of v.files) if (f.host==='r1' || f.host==='lb1') console.log(`--- ${f.host} ${f.path}\n${f.content}`);
  for (let i=0;i<2;i++){ const r = await verifyTopology(v.model, v.connect); console.log(formatVerifyText(r)); }
} finally { console.log(await v.lab.destroy()); }
