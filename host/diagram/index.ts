// Public entry of the diagram: `renderDiagram(cluster, walk?)` → SVG text; walks come from
// captured frames (`walkFromCaptures`).
export { renderDiagram } from './render.ts';
export { walkFromCaptures } from './fromCaptures.ts';
export { decodeFrame, headerLines } from './frame.ts';
export type * from './walk.ts';
