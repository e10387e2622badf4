/**
 * A tiny, strict XML 1.0 reader for the renderers' tests: it throws on anything not
 * well-formed that the renderers could plausibly produce (unbalanced or crossed tags, a raw
 * '<' or stray '&' in text or attributes, an unknown entity, duplicate attributes, an
 * illegal character, text or a second element outside the root) and returns the tree.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function parseXml(doc: string): XmlElement {
  if (ILLEGAL.test(doc)) throw new Error("illegal XML character");
  let i = 0;
  const prolog = /^<\?xml[^?]*\?>/.exec(doc);
  if (prolog) i = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(doc);
    if (!m) throw new Error(`expected a name at ${i}: ${JSON.stringify(doc.slice(i, i + 20))}`);
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (/\s/.test(doc[i] ?? "")) i++;
  };

  while (i < doc.length) {
    if (doc[i] !== "<") {
      const end = doc.indexOf("<", i) === -1 ? doc.length : doc.indexOf("<", i);
      const raw = doc.slice(i, end);
      const parent = stack.at(-1);
      if (!parent) {
        if (raw.trim()) throw new Error(`text outside the root: ${JSON.stringify(raw.slice(0, 20))}`);
      } else parent.text += decode(raw);
      i = end;
      continue;
    }
    if (doc.startsWith("<!--", i)) {
      const end = doc.indexOf("-->", i);
      if (end === -1) throw new Error("unclosed comment");
      i = end + 3;
      continue;
    }
    if (doc.startsWith("</", i)) {
      i += 2;
      const closing = name();
      skipSpace();
      if (doc[i] !== ">") throw new Error(`bad closing tag </${closing}`);
      i++;
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name ?? "nothing"}>`);
      continue;
    }
    i++;
    const element: XmlElement = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const before = i;
      skipSpace();
      if (doc[i] === "/" || doc[i] === ">") break;
      if (i === before) throw new Error(`expected a space before an attribute of <${element.name}> at ${i}`);
      const attr = name();
      skipSpace();
      if (doc[i] !== "=") throw new Error(`attribute ${attr} of <${element.name}> has no value`);
      i++;
      skipSpace();
      const quote = doc[i];
      if (quote !== '"' && quote !== "'") throw new Error(`attribute ${attr} of <${element.name}> is not quoted`);
      const end = doc.indexOf(quote, i + 1);
      if (end === -1) throw new Error(`attribute ${attr} of <${element.name}> is not closed`);
      const raw = doc.slice(i + 1, end);
      if (raw.includes("<")) throw new Error(`raw '<' in attribute ${attr} of <${element.name}>`);
      if (attr in element.attrs) throw new Error(`duplicate attribute ${attr} on <${element.name}>`);
      element.attrs[attr] = decode(raw);
      i = end + 1;
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error(`a second root element <${element.name}>`);
    else root = element;
    if (doc[i] === "/") {
      if (doc[i + 1] !== ">") throw new Error(`bad empty tag <${element.name}`);
      i += 2;
    } else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

function decode(raw: string): string {
  return raw.replace(/&([^;\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Error(`stray '&' near ${JSON.stringify(whole)}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    const code = /^#x([0-9a-f]+)$/i.exec(ref) ? parseInt(ref.slice(2), 16) : /^#(\d+)$/.test(ref) ? Number(ref.slice(1)) : NaN;
    if (Number.isNaN(code)) throw new Error(`unknown entity &${ref};`);
    return String.fromCodePoint(code);
  });
}

/** Every element named `name` in the tree, in document order (the root included). */
export function elements(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) found.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return found;
}

/** Elements whose class attribute holds `cls`. */
export function byClass(root: XmlElement, cls: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if ((e.attrs.class ?? "").split(/\s+/).includes(cls)) found.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return found;
}
