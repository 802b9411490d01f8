import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, it } from 'node:test';

import { chartFontFiles, resolveFontFile } from '../../src/charts/fonts.ts';

describe('chartFontFiles', () => {
  it('resolves installed TrueType files', () => {
    const files = chartFontFiles();
    assert.ok(files.length >= 2);
    for (const file of files) {
      assert.ok(isAbsolute(file), file);
      assert.match(file, /node_modules\/@expo-google-fonts\/(inter|noto-sans-tc)\/.+\.ttf$/);
      assert.equal(existsSync(file), true, file);
    }
  });

  it('includes a Traditional Chinese font', () => {
    assert.ok(chartFontFiles().some((file) => file.endsWith('NotoSansTC_400Regular.ttf')));
  });

  it('caches paths per process', () => {
    assert.equal(chartFontFiles(), chartFontFiles());
  });
});

describe('resolveFontFile', () => {
  it('names a missing package', () => {
    assert.throws(
      () => resolveFontFile({ packageName: '@gulema/no-such-font', subpath: 'Regular.ttf' }),
      /chart font @gulema\/no-such-font\/Regular\.ttf not found: the npm package @gulema\/no-such-font is missing/,
    );
  });

  it('names a missing file', () => {
    assert.throws(
      () => resolveFontFile({ packageName: '@expo-google-fonts/inter', subpath: 'missing/Nothing.ttf' }),
      /npm package @expo-google-fonts\/inter is missing or lacks that file/,
    );
  });
});
