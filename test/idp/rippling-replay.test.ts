// Rippling's recorded request sequence (custom SCIM app), replayed in the order it sends it.
import { replay } from './replay.ts';

replay('rippling-lifecycle.json');
