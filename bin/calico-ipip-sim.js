#!/usr/bin/env node
// The CLI is written in TypeScript; tsx's loader runs it directly (no separate compile step).
import { register } from 'tsx/esm/api';
register();
await import('../host/cli/main.ts');
