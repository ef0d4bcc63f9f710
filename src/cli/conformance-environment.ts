import { TestEnvironment } from 'jest-environment-node';
import { publishedTable, TABLE_GLOBAL } from './jest-bridge';

/**
 * jest's node environment, plus the run the CLI published in this process, handed to the
 * table's sandbox. Loaded by jest outside the sandbox, where the CLI's globals live.
 */
export default class ConformanceEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    this.global[TABLE_GLOBAL] = publishedTable();
  }
}
