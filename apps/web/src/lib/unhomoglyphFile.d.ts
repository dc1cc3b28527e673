// The package's own file, imported by path past the build's alias (lib/confusables.ts).
declare module "unhomoglyph/index.js" {
  const unhomoglyph: (s: string) => string;
  export default unhomoglyph;
}
