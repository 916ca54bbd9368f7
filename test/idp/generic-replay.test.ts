// A generic SCIM 2.0 client's request sequence (the RFC 7644 examples), replayed in order.
import { replay } from './replay.ts';

replay('generic-lifecycle.json');
