// Entry point of `npm start`: read the config once and serve.
import { loadConfig } from './config.ts';
import { exitOnStartupError, serve } from './serve.ts';

try {
  await serve(loadConfig());
} catch (error) {
  exitOnStartupError(error);
}
