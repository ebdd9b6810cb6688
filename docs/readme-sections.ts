/** README's section for tool builders: its blocks run from an empty folder (tool-builders.spec.ts). */
export const TOOL_BUILDERS_HEADING = "Quick start: tool builders";
