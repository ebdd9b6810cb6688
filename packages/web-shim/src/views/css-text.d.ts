/** CSS files the views bundle imports as text (esbuild's "text" loader). */
declare module "*.css" {
  const text: string;
  export default text;
}
