// JumpCloud's recorded request sequence (Custom SCIM Identity Management), replayed in the order it sends it.
import { replay } from './replay.ts';

replay('jumpcloud-lifecycle.json');
