// Microsoft Entra's recorded request sequences (MS-TUT, MS-COMPAT), replayed in the order Entra sends them.
import { replay } from './replay.ts';

replay('entra-lifecycle.json', 'entra-groups.json');
