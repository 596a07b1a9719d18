// A small YAML reader for CloudFormation templates, so that the tests can load infra/storage.yaml
// without a YAML dependency. It reads the block style that templates are written in: mappings,
// sequences, plain / single-quoted / double-quoted scalars, literal (|) and folded (>) block
// scalars, one-line flow collections ([a, b], {k: v}), comments, and CloudFormation's short tags
// (!Ref, !Sub, !GetAtt, !If, ...), which it turns into their long form ({ Ref: x },
// { 'Fn::Sub': s }). Anything outside that subset (anchors, aliases, multi-line plain scalars,
// multiple documents, tabs for indentation) is an error with a line number, never a silent guess.

const SHORT_TAGS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
]);

class YamlError extends Error {
  constructor(message, lineNo) {
    super(lineNo === undefined ? message : `line ${lineNo}: ${message}`);
  }
}

function applyTag(tag, value, lineNo) {
  if (tag === 'Ref' || tag === 'Condition') return { [tag]: value };
  if (!SHORT_TAGS.has(tag)) throw new YamlError(`unsupported tag !${tag}`, lineNo);
  if (tag === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    if (dot < 1) throw new YamlError(`!GetAtt needs Resource.Attribute, got '${value}'`, lineNo);
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${tag}`]: value };
}

// YAML 1.2 core schema for plain scalars.
function plainScalar(text, lineNo) {
  if (/^[&*]/.test(text)) throw new YamlError('anchors and aliases are not supported', lineNo);
  if (/^[|>]/.test(text)) throw new YamlError('misplaced block scalar indicator', lineNo);
  if (/^[@`%]/.test(text))
    throw new YamlError(`a plain scalar cannot start with '${text[0]}'`, lineNo);
  if (/^(null|Null|NULL|~)?$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (/: |\s#/.test(text)) throw new YamlError(`ambiguous plain scalar '${text}'`, lineNo);
  return text;
}

const DOUBLE_ESCAPES = {
  0: '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Reads a quoted scalar starting at text[start]; returns [value, indexAfterClosingQuote]. */
function quotedScalar(text, start, lineNo) {
  const quote = text[start];
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c !== "'") out += c;
      else if (text[i + 1] === "'") ((out += "'"), i++);
      else return [out, i + 1];
    } else if (c === '"') {
      return [out, i + 1];
    } else if (c === '\\') {
      const e = text[++i];
      const hex = { x: 2, u: 4, U: 8 }[e];
      if (hex) {
        const digits = text.slice(i + 1, i + 1 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex)
          throw new YamlError(`bad escape \\${e}${digits}`, lineNo);
        out += String.fromCodePoint(parseInt(digits, 16));
        i += hex;
      } else if (e in DOUBLE_ESCAPES) out += DOUBLE_ESCAPES[e];
      else throw new YamlError(`bad escape \\${e}`, lineNo);
    } else out += c;
  }
  throw new YamlError(
    'unterminated quoted scalar (multi-line quoted scalars are not supported)',
    lineNo,
  );
}

/** Where a comment starts in a line, or -1: a '#' at the start or after a space, outside quotes. */
function commentStart(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if ((c === "'" || c === '"') && (i === 0 || /[\s[{,]/.test(line[i - 1]))) {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return i;
    }
  }
  return -1;
}

/** Index of the ':' that ends a mapping key in `content`, or -1 when the line is no mapping entry. */
function keySeparator(content) {
  let i = 0;
  if (content[0] === "'" || content[0] === '"') {
    i = quotedScalar(content, 0)[1];
    return content[i] === ':' && (i + 1 === content.length || content[i + 1] === ' ') ? i : -1;
  }
  if (/^[[{]/.test(content)) return -1;
  for (; i < content.length; i++) {
    if (content[i] === ':' && (i + 1 === content.length || content[i + 1] === ' ')) return i;
  }
  return -1;
}

class FlowReader {
  constructor(text, lineNo) {
    this.text = text;
    this.i = 0;
    this.lineNo = lineNo;
  }
  skip() {
    while (this.text[this.i] === ' ') this.i++;
  }
  value() {
    this.skip();
    const c = this.text[this.i];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === "'" || c === '"') {
      const [value, end] = quotedScalar(this.text, this.i, this.lineNo);
      this.i = end;
      return value;
    }
    let tag;
    if (c === '!') {
      const m = /^!(\w+) */.exec(this.text.slice(this.i));
      tag = m[1];
      this.i += m[0].length;
      return applyTag(tag, this.value(), this.lineNo);
    }
    const m = /^[^,[\]{}]*/.exec(this.text.slice(this.i));
    this.i += m[0].length;
    return plainScalar(m[0].trim(), this.lineNo);
  }
  expect(char) {
    this.skip();
    if (this.text[this.i] !== char)
      throw new YamlError(`expected '${char}' in flow collection '${this.text}'`, this.lineNo);
    this.i++;
  }
  sequence() {
    const out = [];
    this.expect('[');
    this.skip();
    if (this.text[this.i] === ']') return (this.i++, out);
    for (;;) {
      out.push(this.value());
      this.skip();
      if (this.text[this.i] === ']') return (this.i++, out);
      this.expect(',');
    }
  }
  mapping() {
    const out = {};
    this.expect('{');
    this.skip();
    if (this.text[this.i] === '}') return (this.i++, out);
    for (;;) {
      this.skip();
      let key;
      if (this.text[this.i] === "'" || this.text[this.i] === '"') {
        [key, this.i] = quotedScalar(this.text, this.i, this.lineNo);
      } else {
        const m = /^[^,[\]{}]*?(?=:( |$|[,}]))/.exec(this.text.slice(this.i));
        if (!m) throw new YamlError(`bad flow mapping '${this.text}'`, this.lineNo);
        key = m[0].trim();
        this.i += m[0].length;
      }
      this.expect(':');
      if (Object.hasOwn(out, key)) throw new YamlError(`duplicate key '${key}'`, this.lineNo);
      out[key] = this.value();
      this.skip();
      if (this.text[this.i] === '}') return (this.i++, out);
      this.expect(',');
    }
  }
  rest() {
    this.skip();
    return this.text.slice(this.i);
  }
}

class BlockReader {
  constructor(text) {
    this.raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    this.lines = this.raw.map((line, index) => {
      const lineNo = index + 1;
      const cut = commentStart(line);
      const content = (cut === -1 ? line : line.slice(0, cut)).trimEnd();
      const indent = content.length - content.trimStart().length;
      if (/^ *\t/.test(line) && content.trim())
        throw new YamlError('tabs cannot indent YAML', lineNo);
      return { lineNo, indent, content: content.trimStart() };
    });
    this.pos = 0;
  }
  /** The next line with content (skipping blank and comment-only lines), or undefined. */
  peek() {
    while (this.pos < this.lines.length && this.lines[this.pos].content === '') this.pos++;
    return this.lines[this.pos];
  }
  document() {
    let line = this.peek();
    if (line?.content.startsWith('%'))
      throw new YamlError('directives are not supported', line.lineNo);
    if (line?.content === '---') this.pos++;
    const value = this.node(0);
    line = this.peek();
    if (line && line.content !== '...') {
      throw new YamlError(
        line.content === '---'
          ? 'multiple documents are not supported'
          : 'unexpected content (bad indentation?)',
        line.lineNo,
      );
    }
    return value;
  }
  /** A block node whose lines are indented at least `minIndent`; null when there is none. */
  node(minIndent) {
    const line = this.peek();
    if (!line || line.indent < minIndent) return null;
    if (line.content === '-' || line.content.startsWith('- ')) return this.sequence(line.indent);
    if (keySeparator(line.content) !== -1) return this.mapping(line.indent);
    // A single-line value on its own line (a flow collection or scalar), e.g. a root scalar.
    this.pos++;
    return this.inline(line.content, line);
  }
  sequence(indent) {
    const out = [];
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (!(line.content === '-' || line.content.startsWith('- '))) break;
      const rest = line.content.slice(1).trimStart();
      if (rest === '') {
        this.pos++;
        out.push(this.node(indent + 1));
      } else {
        // Treat what follows the dash as a line of its own at its column: it may open a mapping
        // whose next keys line up with it.
        const column = indent + line.content.length - rest.length;
        this.lines[this.pos] = { lineNo: line.lineNo, indent: column, content: rest };
        out.push(this.value(column, line));
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new YamlError('unexpected indentation', next.lineNo);
    return out;
  }
  mapping(indent) {
    const out = {};
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const sep = keySeparator(line.content);
      if (sep === -1) {
        if (line.content === '-' || line.content.startsWith('- ')) break;
        throw new YamlError(`expected 'key: value', got '${line.content}'`, line.lineNo);
      }
      const rawKey = line.content.slice(0, sep);
      const key = /^['"]/.test(rawKey) ? quotedScalar(rawKey, 0, line.lineNo)[0] : rawKey.trim();
      if (/^[?&*!]/.test(key) && !/^['"]/.test(rawKey))
        throw new YamlError(`unsupported key syntax '${rawKey}'`, line.lineNo);
      if (Object.hasOwn(out, key)) throw new YamlError(`duplicate key '${key}'`, line.lineNo);
      const rest = line.content.slice(sep + 1).trimStart();
      this.pos++;
      if (rest === '') {
        const next = this.peek();
        // A sequence may sit at the key's own indentation.
        out[key] =
          next && next.indent === indent && (next.content === '-' || next.content.startsWith('- '))
            ? this.sequence(indent)
            : this.node(indent + 1);
      } else {
        this.lines[this.pos - 1] = { ...line, content: rest, indent: -1 };
        this.pos--;
        out[key] = this.value(indent + 1, line);
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new YamlError('unexpected indentation', next.lineNo);
    return out;
  }
  /**
   * The value that starts on the current line (already rewritten to hold just the value) and may
   * continue on lines indented at least `minIndent`.
   */
  value(minIndent, line) {
    const current = this.lines[this.pos];
    let content = current.content;
    let tag;
    const tagMatch = /^!(\w+)(?: +|$)/.exec(content);
    if (tagMatch) {
      tag = tagMatch[1];
      content = content.slice(tagMatch[0].length);
    }
    let result;
    if (content === '') {
      this.pos++;
      result = this.node(minIndent);
    } else if (/^[|>][-+]?$/.test(content)) {
      this.pos++;
      result = this.blockScalar(content, minIndent);
    } else if (current.indent >= 0 && (content === '-' || content.startsWith('- '))) {
      // '- - x': a sequence nested in a sequence item.
      current.content = content;
      result = this.sequence(current.indent);
    } else if (current.indent >= 0 && keySeparator(content) !== -1) {
      // '- key: value' opens a mapping at the dash's content column.
      current.content = content;
      result = this.mapping(current.indent);
    } else {
      this.pos++;
      result = this.inline(content, line);
    }
    return tag ? applyTag(tag, result, line.lineNo) : result;
  }
  inline(content, line) {
    if (content.startsWith('[') || content.startsWith('{')) {
      const reader = new FlowReader(content, line.lineNo);
      const value = reader.value();
      if (reader.rest() !== '')
        throw new YamlError(`trailing text after flow collection: '${reader.rest()}'`, line.lineNo);
      return value;
    }
    if (content.startsWith("'") || content.startsWith('"')) {
      const [value, end] = quotedScalar(content, 0, line.lineNo);
      if (content.slice(end).trim() !== '')
        throw new YamlError(
          `trailing text after quoted scalar: '${content.slice(end)}'`,
          line.lineNo,
        );
      return value;
    }
    const tagMatch = /^!(\w+) +/.exec(content);
    if (tagMatch)
      return applyTag(
        tagMatch[1],
        this.inline(content.slice(tagMatch[0].length), line),
        line.lineNo,
      );
    // A plain scalar must fit on its line: a more indented line after it would continue it, and
    // the enclosing mapping or sequence reports that as unexpected indentation.
    return plainScalar(content, line.lineNo);
  }
  blockScalar(header, minIndent) {
    const folded = header[0] === '>';
    const chomp = header[1] ?? '';
    const body = [];
    let indent;
    // Block scalar lines are read raw: '#' inside them is text, not a comment.
    while (this.pos < this.raw.length) {
      const raw = this.raw[this.pos];
      if (raw.trim() === '') {
        body.push('');
        this.pos++;
        continue;
      }
      const lineIndent = raw.length - raw.trimStart().length;
      if (indent === undefined) {
        if (lineIndent < minIndent) break;
        indent = lineIndent;
      }
      if (lineIndent < indent) break;
      body.push(raw.slice(indent));
      this.pos++;
    }
    // Trailing blank lines belong to chomping, not to the next node.
    let trailing = 0;
    while (body.length && body[body.length - 1] === '') (body.pop(), trailing++);
    let text = body[0] ?? '';
    for (let i = 1; i < body.length; i++) {
      const cur = body[i];
      const prev = body[i - 1];
      if (!folded) text += `\n${cur}`;
      else if (cur === '')
        text += '\n'; // each blank line stands for one line break
      else if (prev === '')
        text += cur; // ... and replaces the break before it
      else if (/^\s/.test(cur) || /^\s/.test(prev))
        text += `\n${cur}`; // more-indented lines keep theirs
      else text += ` ${cur}`;
    }
    if (body.length === 0) return '';
    if (chomp === '-') return text;
    if (chomp === '+') return `${text}\n${'\n'.repeat(trailing)}`;
    return `${text}\n`;
  }
}

/** Parses a CloudFormation YAML template (the subset described above) into plain JS values. */
export function parseCfnYaml(text) {
  return new BlockReader(text).document();
}
