// The store most data-layer suites share: fresh, seeded with the filter fixture's directories, users
// and groups before the suite's tests, dropped after them.
import { after, before } from 'node:test';
import { seedFixture } from '../../src/store/filter-sql/filter-test-fixture.ts';
import { openTestStore, type TestStore } from './test-store.ts';

/**
 * Call inside a `describe`: registers the suite's before and after hooks and returns the store, whose
 * fields can be read once `before` has run (in tests and their hooks).
 */
export function seededStore(): TestStore {
  let opened: TestStore | undefined;
  before(async () => {
    opened = await openTestStore();
    await seedFixture(opened.store.db);
  });
  after(async () => {
    await opened?.dispose();
  });
  const ready = (): TestStore => {
    if (!opened) throw new Error('the seeded store opens in the suite’s before hook');
    return opened;
  };
  return {
    get store() {
      return ready().store;
    },
    get kind() {
      return ready().kind;
    },
    get databaseUrl() {
      return ready().databaseUrl;
    },
    dispose: () => ready().dispose(),
  };
}
