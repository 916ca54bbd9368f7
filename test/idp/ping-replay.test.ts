// Ping's recorded request sequence (PingFederate SCIM connector), replayed in the order it sends it.
import { replay } from './replay.ts';

replay('ping-lifecycle.json');
