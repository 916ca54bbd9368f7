import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvFileError, readCsvUsers } from './csv-users.ts';

describe('readCsvUsers', () => {
  it('maps headers by name or alias, case-insensitively, with a BOM and quoted cells', () => {
    const csv = readCsvUsers('\uFEFFUserName,First_Name,last_name,Email,Department,active\r\n"ann@acme.com","Ann, Jr.",Lee,ann@acme.com,Sales,yes\nbob@acme.com,Bob,Ray,,,"false"\n');
    assert.deepEqual(csv.columns, ['userName', 'givenName', 'familyName', 'email', 'department', 'active']);
    assert.equal(csv.users.length, 2);
    assert.equal(csv.users[0]!.values.get('givenName'), 'Ann, Jr.');
    assert.deepEqual([csv.users[0]!.active, csv.users[1]!.active], [true, false]);
    assert.equal(csv.users[1]!.line, 3);
  });

  it('refuses, naming the line, what would make the import ambiguous', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['email\nx@y.z\n', /userName column is required/],
      ['userName,shoeSize\nann,42\n', /unknown column "shoeSize"/],
      ['userName,login\nann,ann\n', /appears twice/],
      ['userName\nann\nANN\n', /line 3: userName "ANN" is already on line 2/],
      ['userName,externalId\nann,1\nbob,1\n', /line 3: externalId "1" is already on line 2/],
      ['userName\n""\n', /line 2: userName is empty/],
      ['userName,active\nann,maybe\n', /line 2: active must be true or false/],
      ['userName,email\nann\n', /not valid CSV/],
    ];
    for (const [text, message] of cases) assert.throws(() => readCsvUsers(text), (e: unknown) => e instanceof CsvFileError && message.test(e.message), text);
  });
});
