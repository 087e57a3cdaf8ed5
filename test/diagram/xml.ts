// A tiny XML well-formedness checker for the diagram tests (no XML parser is installed and the
// diagram does not justify one): balanced tags, quoted unique attributes, known entities only,
// no stray '<' or '&'. Returns the text content so tests can look for names and values.

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function checkText(s: string, where: number): void {
  if (s.includes('<')) throw new Error(`'<' in text at ${where}`);
  if (s.replace(ENTITY, '').includes('&')) throw new Error(`bare '&' at ${where}`);
}

export function unescape(s: string): string {
  return s.replace(ENTITY, (_m, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

export interface XmlSummary {
  root: string;
  elements: number;
  text: string;
}

export function checkXml(doc: string): XmlSummary {
  let i = 0;
  const stack: string[] = [];
  let root = '';
  let elements = 0;
  const text: string[] = [];
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const tagRe = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
  const attrRe = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const chunk = lt < 0 ? doc.slice(i) : doc.slice(i, lt);
    checkText(chunk, i);
    if (stack.length > 0) text.push(unescape(chunk));
    else if (chunk.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt < 0) break;
    if (doc.startsWith('<!--', lt)) {
      const end = doc.indexOf('-->', lt);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    const m = tagRe.exec(doc.slice(lt, lt + 100000));
    if (!m) throw new Error(`malformed tag at ${lt}: ${doc.slice(lt, lt + 60)}`);
    const [all, close, name, attrs, selfClose] = m;
    if (close) {
      if (attrs.trim() || selfClose) throw new Error(`bad end tag at ${lt}`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${lt}`);
    } else {
      const seen = new Set<string>();
      for (const a of attrs.matchAll(attrRe)) {
        if (seen.has(a[1])) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
        seen.add(a[1]);
        checkText(a[2] ?? a[3] ?? '', lt);
      }
      if (stack.length === 0) {
        if (root) throw new Error(`second root element <${name}> at ${lt}`);
        root = name;
      }
      elements++;
      if (!selfClose) stack.push(name);
    }
    i = lt + all.length;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (!root) throw new Error('no root element');
  return { root, elements, text: text.join('') };
}
