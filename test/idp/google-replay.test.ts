// Google Workspace's recorded request sequence (auto-provisioning connector), replayed in the order it sends it.
import { replay } from './replay.ts';

replay('google-lifecycle.json');
