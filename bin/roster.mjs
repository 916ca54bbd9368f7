#!/usr/bin/env node
// Launches the TypeScript CLI through tsx, so `npx roster …` works from a checkout without a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/roster.ts');
