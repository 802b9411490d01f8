import { createRequire } from 'node:module';

/** A font file inside an npm package, as `package/subpath`. */
export interface FontFileSpec {
  packageName: string;
  subpath: string;
}

/**
 * Fonts handed to resvg. They come from npm packages, not the operating
 * system, because Heroku's stack has no CJK fonts and resvg draws no text
 * at all without a font. Both packages ship static TrueType files under
 * the SIL Open Font License 1.1 (package code MIT), because resvg reads
 * TTF and OTF but not WOFF2. Each file holds one face, so resvg indexes
 * three faces per render rather than a whole collection (.ttc).
 */
export const CHART_FONT_FILES: readonly FontFileSpec[] = [
  { packageName: '@expo-google-fonts/inter', subpath: '400Regular/Inter_400Regular.ttf' },
  { packageName: '@expo-google-fonts/noto-sans-tc', subpath: '400Regular/NotoSansTC_400Regular.ttf' },
  { packageName: '@expo-google-fonts/noto-sans-tc', subpath: '700Bold/NotoSansTC_700Bold.ttf' },
];

/** Family names inside the files above, as their `name` tables give them. */
export const LATIN_FONT_FAMILY = 'Inter';
export const CJK_FONT_FAMILY = 'Noto Sans TC';

/**
 * CSS font-family list for chart text. Inter comes first for digits and
 * Latin letters, and resvg falls back to Noto Sans TC for characters that
 * Inter lacks, such as every Chinese character.
 */
export const CHART_FONT_STACK = `${LATIN_FONT_FAMILY}, '${CJK_FONT_FAMILY}', sans-serif`;

/** CSS font-family list for titles, which are mostly Chinese. */
export const TITLE_FONT_STACK = `'${CJK_FONT_FAMILY}', ${LATIN_FONT_FAMILY}, sans-serif`;

const requireFromHere = createRequire(import.meta.url);

/**
 * Resolves one font file to an absolute path. Throws an error naming the
 * missing npm package when it is not installed.
 */
export function resolveFontFile(spec: FontFileSpec): string {
  const request = `${spec.packageName}/${spec.subpath}`;
  try {
    return requireFromHere.resolve(request);
  } catch (error) {
    throw new Error(
      `chart font ${request} not found: the npm package ${spec.packageName} is missing or lacks that file; run npm install (it is a dependency in package.json)`,
      { cause: error },
    );
  }
}

let resolvedFontFiles: string[] | undefined;

/**
 * Returns the absolute paths of the chart fonts, resolved once per process.
 * NOTE: resvg-js 2.6.2 takes only paths (`fontFiles`) from Node, so it
 * still reads and indexes these files on every render. With the 7 MB Noto
 * Sans TC file that adds about 20 ms to each rasterisation.
 */
export function chartFontFiles(): string[] {
  resolvedFontFiles ??= CHART_FONT_FILES.map(resolveFontFile);
  return resolvedFontFiles;
}
