import { CliIo } from '../io';

/** What a command registered on the program needs: the streams and a way to set the exit code. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}
